package dev.kintoj.core;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * What a request reads together with its identity's groups, once the authentication knows who the user is: a
 * read request's other reads ({@link ObjectService#readAhead}), so that all of them cost one exchange.
 */
@FunctionalInterface
public interface AlongsideIdentity {

    AlongsideIdentity NOTHING = (groupsOf, identity) -> identity;

    /**
     * The identity (its reads not started yet), read together with the request's own reads. {@code groupsOf}: the
     * user ids whose groups the identity reads (empty for an anonymous request), so that they can be read with them.
     */
    Uni<Identity> with(List<String> groupsOf, Uni<Identity> identity);
}
