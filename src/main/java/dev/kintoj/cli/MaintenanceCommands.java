package dev.kintoj.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.accounts.Passwords;
import dev.kintoj.cache.Cache;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.quotas.QuotaRebuild;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Transactions;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kinto's maintenance commands ({@code create-user}, {@code purge-deleted}, {@code flush-cache},
 * {@code delete-collection}, {@code rebuild-quotas}), run once the backends are built, with Kinto's messages (on stderr, in the format of
 * its command line logging) and exit codes. Writes are one unit of work, as Kinto commits once at the end.
 */
@ApplicationScoped
public class MaintenanceCommands {

    private static final Pattern USERNAME = Pattern.compile("^[a-zA-Z0-9][+.@a-zA-Z0-9_-]*$");

    void onStart(@Observes StartupEvent event, KintoSettings settings, Plugins plugins, Storage storage,
                 PermissionBackend permissions, Cache cache, Transactions transactions,
                 @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        String command = CommandProperties.command().orElse(null);
        if (command == null || command.equals("migrate")) {
            return;
        }
        // The backends are built here, on this thread, which may block (their schema scripts): not later, inside a
        // unit of work running on the event loop.
        ClientProxy.unwrap(storage);
        ClientProxy.unwrap(permissions);
        ClientProxy.unwrap(cache);
        int code;
        try {
            code = switch (command) {
                case "version" -> {
                    System.out.println(version);
                    yield 0;
                }
                case "flush-cache" -> {
                    cache.flush().await().indefinitely();
                    info("Cache has been cleared.");
                    yield 0;
                }
                case "purge-deleted" -> purgeDeleted(storage, transactions);
                case "delete-collection" -> deleteCollection(settings, storage, permissions, transactions);
                case "create-user" -> createUser(settings, plugins, storage, permissions, transactions);
                case "rebuild-quotas" -> rebuildQuotas(settings, plugins, storage, transactions);
                default -> 2;
            };
        } catch (RuntimeException e) {
            error(command + " failed: " + e.getMessage());
            code = 1;
        }
        Quarkus.asyncExit(code);
    }

    private static int purgeDeleted(Storage storage, Transactions transactions) {
        List<String> arguments = CommandProperties.positional();
        int maxRetained = Integer.parseInt(arguments.get(arguments.size() - 1));
        info("Keep only " + maxRetained + " tombstones per parent and resource.");
        int count = 0;
        for (String resource : arguments.subList(0, arguments.size() - 1)) {
            count += transactions.inTransaction(() -> storage.purgeDeleted(resource, "*", null, maxRetained))
                    .await().indefinitely();
        }
        info("Deleted " + count + " tombstones.");
        return 0;
    }

    private static int deleteCollection(KintoSettings settings, Storage storage, PermissionBackend permissions,
                                        Transactions transactions) {
        if (settings.readonly()) {
            error("Cannot delete the collection while in readonly mode.");
            return 31;
        }
        String bucketId = CommandProperties.option("--bucket");
        String collectionId = CommandProperties.option("--collection");
        String bucket = "/buckets/" + bucketId;
        String collection = bucket + "/collections/" + collectionId;
        return transactions.inTransaction(() -> storage.get("bucket", "", bucketId).chain(foundBucket -> {
            if (foundBucket.isEmpty()) {
                error("Bucket '" + bucket + "' does not exist.");
                return Uni.createFrom().item(32);
            }
            return storage.get("collection", bucket, collectionId).chain(foundCollection -> {
                if (foundCollection.isEmpty()) {
                    error("Collection '" + collection + "' does not exist.");
                    return Uni.createFrom().item(33);
                }
                return storage.deleteAll("record", collection, ListQuery.ALL, false).chain(deleted -> {
                    info(deleted.isEmpty() ? "No records found for '" + collection + "'."
                            : deleted.size() + " record(s) were deleted.");
                    String[] uris = new String[deleted.size() + 1];
                    uris[0] = collection;
                    for (int i = 0; i < deleted.size(); i++) {
                        uris[i + 1] = collection + "/records/" + deleted.get(i).get("id").asText();
                    }
                    return storage.delete("collection", bucket, collectionId, false, null)
                            .invoke(() -> info("'" + collection + "' collection object was deleted."))
                            .chain(() -> permissions.deleteObjectPermissions(uris))
                            .invoke(() -> info("Related permissions were deleted."))
                            .map(done -> 0);
                });
            });
        })).await().indefinitely();
    }

    private static int rebuildQuotas(KintoSettings settings, Plugins plugins, Storage storage, Transactions transactions) {
        if (settings.readonly()) {
            error("Cannot rebuild quotas while in readonly mode.");
            return 41;
        }
        if (!plugins.includes(Plugins.QUOTAS)) {
            error("Cannot rebuild quotas when quotas plugin is not installed.");
            return 42;
        }
        boolean dryRun = CommandProperties.option("--dry-run") != null;
        new QuotaRebuild(storage, transactions, MaintenanceCommands::info).run(dryRun).await().indefinitely();
        return 0;
    }

    private static int createUser(KintoSettings settings, Plugins plugins, Storage storage, PermissionBackend permissions,
                                  Transactions transactions) {
        if (settings.readonly()) {
            error("Cannot create a user with a readonly server.");
            return 51;
        }
        if (!plugins.includes(Plugins.ACCOUNTS)) {
            error("Cannot create a user when the accounts plugin is not installed.");
            return 52;
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String username = CommandProperties.option("-u");
        String password = CommandProperties.option("-p");
        try {
            if (username == null) {
                username = prompt(input, "Username: ");
            }
            while (!USERNAME.matcher(username).matches()) {
                System.out.println(username + " is not a valid username.");
                System.out.println("Username should match '" + USERNAME.pattern() + "', please try again.");
                username = prompt(input, "Username: ");
            }
            while (password == null) {
                String first = prompt(input, "Please enter a password for " + username + ": ");
                String confirm = prompt(input, "Please confirm the password: ");
                if (first.equals(confirm)) {
                    password = first;
                } else {
                    System.out.println("Sorry, passwords do not match, please try again.");
                }
            }
        } catch (java.io.EOFException e) {
            System.out.println("User creation aborted");
            return 53;
        }
        System.out.println("Creating user '" + username + "'");
        String id = username;
        String hash = Passwords.hash(password, Passwords.cost(settings.accountBcryptCost())).await().indefinitely();
        ObjectNode account = JsonNodeFactory.instance.objectNode().put("id", id).put("password", hash);
        transactions.inTransaction(() -> storage.update("account", id, id, account)
                .chain(() -> permissions.getObjectPermissions("/accounts/" + id))
                .chain(acl -> {
                    Set<String> writers = new java.util.TreeSet<>(acl.getOrDefault("write", Set.of()));
                    writers.add("account:" + id);
                    return permissions.replaceObjectPermissions("/accounts/" + id, Map.of("write", writers));
                })).await().indefinitely();
        return 0;
    }

    private static String prompt(BufferedReader input, String text) throws java.io.EOFException {
        System.out.print(text);
        System.out.flush();
        try {
            String line = input.readLine();
            if (line == null) {
                throw new java.io.EOFException();
            }
            return line;
        } catch (java.io.EOFException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new java.io.EOFException(e.getMessage());
        }
    }

    /** Kinto's command line log format: {@code %(levelname)-5.5s  %(message)s}, on stderr. */
    static void info(String message) {
        System.err.println("INFO   " + message);
    }

    static void error(String message) {
        System.err.println("ERROR  " + message);
    }
}
