package io.loadproof.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/** Small pieces of Kubernetes semantics the checks need. */
final class K8s {

    private K8s() {
    }

    /** A label selector's verdict on a set of labels, as the API server computes it. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> required : selector.getMatchLabels().entrySet()) {
                if (!Objects.equals(actual.get(required.getKey()), required.getValue())) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = actual.get(requirement.getKey());
                List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A Service's plain map selector (no expressions in a Service). */
    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return matches(new LabelSelector(null, selector), labels);
    }

    /** The container port a probe's or a Service's port (number or name) designates. */
    static Optional<ContainerPort> containerPort(Container container, IntOrString port) {
        if (port == null || container.getPorts() == null) {
            return Optional.empty();
        }
        return container.getPorts().stream()
                .filter(candidate -> port.getIntVal() != null
                        ? port.getIntVal().equals(candidate.getContainerPort())
                        : port.getStrVal() != null && port.getStrVal().equals(candidate.getName()))
                .findFirst();
    }

    static Optional<ServicePort> servicePort(Service service, String name, Integer number) {
        return service.getSpec().getPorts().stream()
                .filter(port -> number != null ? number.equals(port.getPort()) : name != null && name.equals(port.getName()))
                .findFirst();
    }

    /** Bytes of a memory quantity such as 384Mi. */
    static long bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).longValueExact();
    }

    /** Millicores of a CPU quantity such as 250m or 2. */
    static long millicores(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).movePointRight(3).longValueExact();
    }
}
