package dev.kintoj.auth;

import dev.kintoj.config.WhitespaceList;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds the policies of {@code multiauth.policies}: each name's implementation is
 * {@code multiauth.policy.<name>.use} (Kinto's class names), {@code basicauth} needing none.
 */
public final class AuthenticationPolicies {

    private AuthenticationPolicies() {
    }

    /**
     * @param settings raw configuration lookup by full name
     * @param accounts the accounts policy, built only when a name uses it
     */
    public static List<AuthenticationPolicy> fromSettings(String names, Function<String, Optional<String>> settings,
                                                          String useridHmacSecret, Supplier<AuthenticationPolicy> accounts) {
        return fromSettings(names, settings, useridHmacSecret, accounts, name -> Optional.empty());
    }

    /**
     * @param openid the OpenID Connect policy of a name whose {@code use} is Kinto's {@code OpenIDConnectPolicy}
     */
    public static List<AuthenticationPolicy> fromSettings(String names, Function<String, Optional<String>> settings,
                                                          String useridHmacSecret, Supplier<AuthenticationPolicy> accounts,
                                                          Function<String, Optional<AuthenticationPolicy>> openid) {
        List<AuthenticationPolicy> policies = new ArrayList<>();
        for (String name : WhitespaceList.split(names)) {
            String use = settings.apply("multiauth.policy." + name + ".use").map(String::trim).orElse("");
            Optional<AuthenticationPolicy> openidPolicy = use.endsWith("OpenIDConnectPolicy") ? openid.apply(name) : Optional.empty();
            if (isAccounts(use)) {
                policies.add(accounts.get());
            } else if (openidPolicy.isPresent()) {
                policies.add(openidPolicy.get());
            } else if (use.endsWith("BasicAuthAuthenticationPolicy") || (use.isEmpty() && name.equals("basicauth"))) {
                policies.add(new BasicAuthPolicy(useridHmacSecret));
            } else {
                throw new IllegalArgumentException("Unknown authentication policy '" + name + "' in multiauth.policies"
                        + (use.isEmpty() ? "" : " (multiauth.policy." + name + ".use = " + use + ")")
                        + ": this version supports basicauth, kinto.plugins.accounts.AccountsPolicy and "
                        + "kinto.plugins.openid.OpenIDConnectPolicy");
            }
        }
        return policies;
    }

    public static boolean isAccounts(String use) {
        return use.endsWith("AccountsPolicy") || use.endsWith("AccountsAuthenticationPolicy");
    }

    /**
     * plugins.md §2.1: the accounts plugin needs a policy using it, not preceded by basicauth, and every account
     * creator (but everyone) must be an account administrator.
     */
    public static void checkAccountsSetup(String names, Function<String, Optional<String>> settings,
                                          List<String> creators, List<String> administrators) {
        List<String> order = WhitespaceList.split(names);
        String accountPolicy = null;
        for (String name : order) {
            if (isAccounts(settings.apply("multiauth.policy." + name + ".use").orElse(""))) {
                accountPolicy = name;
            }
        }
        if (accountPolicy == null) {
            throw new IllegalArgumentException("Account policy missing the 'multiauth.policy.*.use' setting. "
                    + "See AccountsPolicy in docs https://kinto.readthedocs.io/en/stable/api/1.x/accounts.html.");
        }
        if (order.contains("basicauth") && order.indexOf("basicauth") < order.indexOf(accountPolicy)) {
            throw new IllegalArgumentException("'basicauth' should not be mentioned before '" + accountPolicy
                    + "' in 'multiauth.policies' setting.");
        }
        List<String> cannotCreate = creators.stream()
                .filter(p -> !p.equals("system.Everyone") && !administrators.contains(p)).toList();
        if (!cannotCreate.isEmpty()) {
            throw new IllegalArgumentException("Configuration has some principals in account_create_principals but not "
                    + "in account_write_principals. These principals will only be able to create their own accounts. "
                    + "Affected users: " + cannotCreate);
        }
    }
}
