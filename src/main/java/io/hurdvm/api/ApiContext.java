package io.hurdvm.api;

import io.hurdvm.instance.InstanceView;
import io.hurdvm.lifecycle.InstanceService;
import io.hurdvm.vm.InstanceName;
import java.util.Objects;

/**
 * What route handlers share: the lifecycle service (the one source of state), locks, body reading,
 * and what the operator allows clients to do.
 */
public record ApiContext(InstanceService service, InstanceLocks locks, RequestBodies bodies, ApiPolicy policy) {
    public ApiContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(bodies, "bodies");
        Objects.requireNonNull(policy, "policy");
    }

    /** The instance named in the path, which must exist (400 for a bad name, 404 for an unknown one). */
    public InstanceName existing(String rawName) {
        InstanceName name = InstanceName.of(rawName);
        if (!service.store().exists(name)) {
            throw ApiException.notFound("no instance named '" + name + "'");
        }
        return name;
    }

    public InstanceView view(InstanceName name) {
        return service.view(name);
    }
}
