package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;

/**
 * The shape every module's main code keeps (issue "The code's shape"): one simple name per class
 * across all modules, so a name says one role, and no method or constructor a reader cannot take
 * in at a glance.
 */
class CodeShapeTest {

    static final int MAX_METHOD_LINES = 40;
    static final int MAX_WRITER_CONSTRUCTOR_PARAMETERS = 9;

    @Test
    void noSimpleClassNameAppearsTwiceInMainCode() throws IOException {
        Map<String, List<String>> places = new TreeMap<>();
        for (Path file : mainSources()) {
            for (TypeDeclaration<?> type : parse(file).findAll(TypeDeclaration.class)) {
                places.computeIfAbsent(type.getNameAsString(), name -> new ArrayList<>()).add(Repo.root().relativize(file).toString());
            }
        }
        places.values().removeIf(files -> files.size() < 2);

        assertThat(places).as("simple class names declared more than once in main code").isEmpty();
    }

    @Test
    void noMethodOfMainCodeRunsPastFortyLines() throws IOException {
        List<String> longOnes = new ArrayList<>();
        for (Path file : mainSources()) {
            for (CallableDeclaration<?> callable : parse(file).findAll(CallableDeclaration.class)) {
                int lines = callable.getEnd().get().line - callable.getBegin().get().line + 1;
                if (lines > MAX_METHOD_LINES) {
                    longOnes.add(Repo.root().relativize(file) + " " + callable.getNameAsString() + ": " + lines + " lines");
                }
            }
        }

        assertThat(longOnes).as("methods and constructors over " + MAX_METHOD_LINES + " lines").isEmpty();
    }

    /**
     * The writer's collaborators are beans injected where they are used: no object hands the whole
     * world to every class (a {@code WriterContext} of eleven parts did), so no type is a context
     * and no constructor takes more than it could use at a glance.
     */
    @Test
    void noWriterClassTakesACatchAllContext() throws IOException {
        List<String> catchAlls = new ArrayList<>();
        for (Path file : mainSources()) {
            if (!Repo.root().relativize(file).startsWith("writer-service")) {
                continue;
            }
            CompilationUnit unit = parse(file);
            unit.findAll(TypeDeclaration.class).stream().map(TypeDeclaration::getNameAsString)
                    .filter(name -> name.endsWith("Context")).forEach(name -> catchAlls.add(name + " is a context"));
            for (ConstructorDeclaration constructor : unit.findAll(ConstructorDeclaration.class)) {
                if (constructor.getParameters().size() > MAX_WRITER_CONSTRUCTOR_PARAMETERS) {
                    catchAlls.add(constructor.getNameAsString() + " takes " + constructor.getParameters().size());
                }
                constructor.getParameters().stream().filter(parameter -> parameter.getTypeAsString().endsWith("Context"))
                        .forEach(parameter -> catchAlls.add(constructor.getNameAsString() + " takes a " + parameter.getTypeAsString()));
            }
        }

        assertThat(catchAlls).as("writer classes handed a catch-all").isEmpty();
    }

    @Test
    void theChecksSeeEveryModule() throws IOException {
        assertThat(mainSources()).extracting(file -> Repo.root().relativize(file).getName(0).toString()).contains(
                "common-model", "embedded-servers", "api-service", "writer-service", "lab");
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> walk = Files.walk(Repo.root())) {
            return walk.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> Repo.root().relativize(path).toString().contains("/src/main/java/"))
                    .filter(path -> !Repo.root().relativize(path).startsWith("target"))
                    .sorted()
                    .toList();
        }
    }

    private static CompilationUnit parse(Path file) throws IOException {
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        return StaticJavaParser.parse(file);
    }
}
