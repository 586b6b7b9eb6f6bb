package dev.kintoj.core;

import io.smallrye.mutiny.Uni;

/** Allows everything: the stand-in until authentication and ACL checks are configured. */
public class PermissiveAuthorizer implements Authorizer {
    @Override
    public Uni<Access> authorize(Identity identity, ResourcePath target, String permission) {
        return Uni.createFrom().item(Access.ALLOWED);
    }
}
