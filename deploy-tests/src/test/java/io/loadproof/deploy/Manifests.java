package io.loadproof.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * Every YAML document under {@code k8s/}, parsed into the fabric8 Kubernetes model. Only the
 * apiVersion/kind pairs below are accepted, so an outdated API (autoscaling/v1, policy/v1beta1)
 * fails here rather than on a cluster.
 */
final class Manifests {

    static final String NAMESPACE = "assessment";

    /** Not applied by setup.sh: documentation of shapes (the example Secrets). */
    static final String EXAMPLES_DIRECTORY = "examples";

    /**
     * The optional monitoring of {@code setup.sh --monitoring}, in its own namespace and partly not
     * Kubernetes objects (Prometheus' configuration and rules): MonitoringFilesTest checks it.
     */
    static final String MONITORING_DIRECTORY = "monitoring";

    /**
     * The Redis of {@code setup.sh --redis-ha}, which replaces k8s/redis/ but for its ConfigMap:
     * RedisHaFilesTest checks it.
     */
    static final String REDIS_HA_DIRECTORY = "redis-ha";

    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class));

    /** Files of the monitoring folder that are not Kubernetes objects: they become ConfigMaps. */
    static final Set<String> MONITORING_CONFIGURATION_FILES = Set.of("prometheus.yml", "rules.yaml", "dashboard.json");

    record Document(Path file, int index, JsonNode raw, HasMetadata object) {

        String where() {
            return Repo.root().relativize(file) + " #" + index;
        }

        boolean applied() {
            return !Repo.root().relativize(file).startsWith(Path.of("k8s", EXAMPLES_DIRECTORY));
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<Document> all;

    private Manifests() {
    }

    static Path directory() {
        return Repo.path("k8s");
    }

    static synchronized List<Document> all() {
        if (all == null) {
            all = load(files());
        }
        return all;
    }

    /** The objects of setup.sh --monitoring: every manifest of k8s/monitoring/ but the configuration files. */
    static List<Document> monitoring() {
        return folder(MONITORING_DIRECTORY, file -> !MONITORING_CONFIGURATION_FILES.contains(file.getFileName().toString()));
    }

    /** The objects of setup.sh --redis-ha (k8s/redis-ha/). */
    static List<HasMetadata> redisHa() {
        return folder(REDIS_HA_DIRECTORY, file -> true).stream().map(Document::object).toList();
    }

    private static List<Document> folder(String name, Predicate<Path> included) {
        try (Stream<Path> list = Files.list(directory().resolve(name))) {
            return load(list.filter(file -> file.toString().endsWith(".yaml")).filter(included).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files() {
        try (Stream<Path> walk = Files.walk(directory())) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.startsWith(directory().resolve(MONITORING_DIRECTORY)))
                    .filter(file -> !file.startsWith(directory().resolve(REDIS_HA_DIRECTORY)))
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What setup.sh applies: everything but the examples. */
    static List<Document> applied() {
        return all().stream().filter(Document::applied).toList();
    }

    static <T extends HasMetadata> List<T> applied(Class<T> type) {
        return applied().stream().map(Document::object).filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T named(Class<T> type, String name) {
        List<T> found = applied(type).stream().filter(object -> name.equals(object.getMetadata().getName())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named " + name + " in k8s/, found " + found.size());
        }
        return found.get(0);
    }

    static Deployment deployment(String name) {
        return named(Deployment.class, name);
    }

    /** The only container of a deployment's pods. */
    static Container container(String deployment) {
        List<Container> containers = deployment(deployment).getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(deployment + " has " + containers.size() + " containers, expected 1");
        }
        return containers.get(0);
    }

    static Map<String, String> podLabels(String deployment) {
        return deployment(deployment).getSpec().getTemplate().getMetadata().getLabels();
    }

    /**
     * Paths (property names joined by dots) of every field the model did not know, i.e. that
     * landed in an {@code additionalProperties} map: a misspelt or misplaced field, which a real
     * API server would reject or, worse, silently drop.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        collectUnknown(object, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    /** One document, for tests of the checks themselves. */
    static HasMetadata parse(String yaml) {
        try {
            return convert(Path.of("<inline>"), YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML text as a tree, for tests of the checks themselves. */
    static JsonNode tree(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Document> load(List<Path> files) {
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
                    MappingIterator<JsonNode> iterator = YAML.readValues(parser, JsonNode.class)) {
                int index = 0;
                while (iterator.hasNext()) {
                    JsonNode node = iterator.next();
                    if (node == null || node.isNull() || node.isEmpty()) {
                        continue;
                    }
                    documents.add(new Document(file, index++, node, convert(file, node)));
                }
            } catch (IOException e) {
                throw new AssertionError("k8s/" + directory().relativize(file) + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        return List.copyOf(documents);
    }

    private static HasMetadata convert(Path file, JsonNode node) {
        String type = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> target = TYPES.get(type);
        if (target == null) {
            throw new AssertionError(file + ": unexpected apiVersion/kind " + type + "; known: " + TYPES.keySet());
        }
        try {
            return YAML.treeToValue(node, target);
        } catch (IOException e) {
            throw new AssertionError(file + ": does not map onto " + target.getName() + ": " + e.getMessage(), e);
        }
    }

    private static void collectUnknown(Object object, String path, List<String> found, Set<Object> seen) {
        if (object == null || !seen.add(object)) {
            return;
        }
        if (object instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                collectUnknown(element, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (object instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collectUnknown(entry.getValue(), path + "[" + entry.getKey() + "]", found, seen);
            }
            return;
        }
        if (!object.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : object.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = method.invoke(object);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            if (method.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add((path.isEmpty() ? "" : path + ".") + extra.keySet().stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "{", "}")));
                }
                continue;
            }
            collectUnknown(value, path.isEmpty() ? property : path + "." + property, found, seen);
        }
    }
}
