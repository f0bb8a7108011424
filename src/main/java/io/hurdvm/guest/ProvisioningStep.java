package io.hurdvm.guest;

/** The named steps of first-boot provisioning over the serial console, in order. */
public enum ProvisioningStep {
    WAKE("wake the console"),
    LOGIN("log in as root"),
    DETECT("check for an earlier provisioning"),
    ROOT_PASSWORD("set the root password"),
    AUTHORIZED_KEY("install the SSH key"),
    SSH_SERVER("let the SSH server accept the key"),
    MARK("mark the guest provisioned"),
    LOGOUT("log out");

    private final String description;

    ProvisioningStep(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
