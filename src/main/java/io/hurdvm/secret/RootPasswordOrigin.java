package io.hurdvm.secret;

/** Where the guest's root password came from, in the order {@link RootPasswordSource} tries them. */
public enum RootPasswordOrigin {
    /** {@code --root-password-file PATH}. */
    OPTION,
    /** The file named by the {@code ROOT_PASSWORD_FILE} environment variable. */
    ENVIRONMENT,
    /** A container secret at {@code /run/secrets/root_password}. */
    RUN_SECRETS,
    /** Generated earlier by hurdvm and kept in the instance's secrets folder. */
    INSTANCE_FILE,
    /** Generated now and stored in the instance's secrets folder. */
    GENERATED
}
