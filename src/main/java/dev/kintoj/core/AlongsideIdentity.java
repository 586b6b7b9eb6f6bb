package dev.kintoj.core;

import io.smallrye.mutiny.Uni;

/**
 * What a request reads together with its identity's groups, once the authentication knows who the user is: a
 * read request's other reads ({@link ObjectService#readAhead}), so that all of them cost one exchange.
 */
@FunctionalInterface
public interface AlongsideIdentity {

    AlongsideIdentity NOTHING = identity -> identity;

    /** The identity (its reads not started yet), read together with the request's own reads. */
    Uni<Identity> with(Uni<Identity> identity);
}
