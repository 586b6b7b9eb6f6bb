package dev.kintoj.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.permission.PermissionBackend;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashSet;
import java.util.Set;

/** A group's URI is a principal of each of its members (api.md §11, permissions.md §6). */
final class GroupMembers {

    private GroupMembers() {
    }

    static Uni<Void> update(PermissionBackend permissions, String groupUri, ObjectNode before, ObjectNode after) {
        if (after == null) {
            return permissions.removePrincipal(groupUri);
        }
        Set<String> old = members(before);
        Set<String> now = members(after);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String member : old) {
            if (!now.contains(member)) {
                chain = chain.chain(() -> permissions.removeUserPrincipal(member, groupUri));
            }
        }
        for (String member : now) {
            if (!old.contains(member)) {
                chain = chain.chain(() -> permissions.addUserPrincipal(member, groupUri));
            }
        }
        return chain;
    }

    private static Set<String> members(ObjectNode group) {
        Set<String> members = new LinkedHashSet<>();
        JsonNode list = group == null ? null : group.get("members");
        if (list != null && list.isArray()) {
            list.forEach(member -> members.add(member.asText()));
        }
        return members;
    }
}
