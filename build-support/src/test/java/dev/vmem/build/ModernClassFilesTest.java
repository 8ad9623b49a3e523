package dev.vmem.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class ModernClassFilesTest {

    @TempDir
    Path dir;

    /**
     * The libraries of vmem.jar that have pre-Java 6 class files (EMF, reload4j, ANTLR 3, picocli), in one jar as the
     * shade plugin makes it: every such class is rewritten, or kept only for a type outside the jar, and every
     * rewritten one links exactly as its original does (the JVM verifies a version 51 file by type checking alone, so a
     * wrong frame would fail here).
     */
    @Test
    void theLibrariesOldClassFilesPassTheTypeCheckingVerifier() throws Exception {
        Path original = dir.resolve("original.jar");
        jarOf(original, "org.eclipse.emf.common.util.URI", "org.eclipse.emf.ecore.EObject",
                "org.eclipse.emf.ecore.xmi.XMIResource", "org.apache.log4j.Logger", "org.antlr.runtime.Lexer",
                "picocli.CommandLine");
        Path modern = dir.resolve("modern.jar");
        Files.copy(original, modern);

        var result = ModernClassFiles.rewrite(modern);

        var before = classFiles(original);
        var after = classFiles(modern);
        var old = before.entrySet().stream().filter(e -> ModernClassFiles.isOld(e.getValue())).map(Map.Entry::getKey).toList();
        assertThat(old).hasSizeGreaterThan(1500);
        assertThat(result.rewritten()).hasSize(old.size() - result.kept().size());
        // log4j's JMS and mail appenders extend or use javax.jms and javax.mail types, which no jar here has
        assertThat(result.kept()).allSatisfy((name, reason) -> assertThat(name).startsWith("org/apache/log4j/net/"));
        for (String name : old) {
            if (result.kept().containsKey(name)) {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            } else {
                assertThat(version(after.get(name))).as(name).isEqualTo(Opcodes.V1_7);
            }
        }
        for (String name : before.keySet()) {
            if (!old.contains(name)) {
                assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
            }
        }

        var linkedBefore = link(original, result.rewritten());
        var linkedAfter = link(modern, result.rewritten());
        var changed = new TreeMap<String, String>();
        linkedAfter.forEach((name, outcome) -> {
            if (!outcome.equals(linkedBefore.get(name))) {
                changed.put(name, linkedBefore.get(name) + " -> " + outcome);
            }
        });
        assertThat(changed).as("classes that link differently once rewritten").isEmpty();
        assertThat(linkedAfter.values().stream().filter("linked"::equals).count()).isGreaterThan(1400);
    }

    /** A class whose frames merge two types that are neither in the jar nor in the JDK stays as it was. */
    @Test
    void aClassWhoseFramesNeedATypeOutsideTheJarIsKept() throws Exception {
        Path jar = dir.resolve("outside.jar");
        byte[] merge = mergingClass();
        write(jar, Map.of("t/Merge.class", merge, "readme.txt", "text".getBytes()));
        byte[] jarBefore = Files.readAllBytes(jar);

        var result = ModernClassFiles.rewrite(jar);

        assertThat(result.rewritten()).isEmpty();
        assertThat(result.kept()).containsOnlyKeys("t/Merge");
        assertThat(Files.readAllBytes(jar)).as("nothing to rewrite: the jar is untouched").isEqualTo(jarBefore);
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(jar);
        }
    }

    /** With the merged types in the jar, the same class is rewritten and links. */
    @Test
    void aClassWhoseFramesNeedTheJarsOwnTypesIsRewritten() throws Exception {
        Path jar = dir.resolve("inside.jar");
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("t/Merge.class", mergingClass());
        entries.put("a/A.class", emptyClass("a/A"));
        entries.put("b/B.class", emptyClass("b/B"));
        write(jar, entries);

        var result = ModernClassFiles.rewrite(jar);

        assertThat(result.rewritten()).containsExactly("t/Merge", "a/A", "b/B");
        assertThat(link(jar, result.rewritten())).containsOnly(Map.entry("t/Merge", "linked"), Map.entry("a/A", "linked"),
                Map.entry("b/B", "linked"));
    }

    /** Subroutines, which version 51 files may not have, are inlined; the method still returns what it did. */
    @Test
    void subroutinesAreInlined() throws Exception {
        Path jar = dir.resolve("jsr.jar");
        write(jar, Map.of("t/Jsr.class", subroutineClass()));

        var result = ModernClassFiles.rewrite(jar);

        assertThat(result.rewritten()).containsExactly("t/Jsr");
        byte[] rewritten = classFiles(jar).get("t/Jsr");
        assertThat(version(rewritten)).isEqualTo(Opcodes.V1_7);
        var opcodes = new HashSet<Integer>();
        new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        opcodes.add(opcode);
                    }

                    @Override
                    public void visitVarInsn(int opcode, int index) {
                        opcodes.add(opcode);
                    }
                };
            }
        }, 0);
        assertThat(opcodes).doesNotContain(Opcodes.JSR, Opcodes.RET);
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            assertThat(Class.forName("t.Jsr", true, loader).getMethod("seven").invoke(null)).isEqualTo(7);
        }
    }

    /** Entries keep their order, time and method (a stored entry stays stored). */
    @Test
    void entriesKeepOrderTimeAndMethod() throws Exception {
        Path jar = dir.resolve("entries.jar");
        try (var out = new ZipOutputStream(Files.newOutputStream(jar))) {
            var manifest = new ZipEntry("META-INF/MANIFEST.MF");
            manifest.setTime(1_000_000_000_000L);
            out.putNextEntry(manifest);
            out.write("Manifest-Version: 1.0\n".getBytes());
            byte[] stored = "stored".getBytes();
            var entry = new ZipEntry("data/stored.bin");
            var crc = new CRC32();
            crc.update(stored);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(stored.length);
            entry.setCrc(crc.getValue());
            out.putNextEntry(entry);
            out.write(stored);
            out.putNextEntry(new ZipEntry("a/A.class"));
            out.write(emptyClass("a/A"));
        }

        ModernClassFiles.rewrite(jar);

        try (var zip = new ZipFile(jar.toFile())) {
            var names = new ArrayList<String>();
            zip.stream().forEach(e -> names.add(e.getName()));
            assertThat(names).containsExactly("META-INF/MANIFEST.MF", "data/stored.bin", "a/A.class");
            assertThat(zip.getEntry("META-INF/MANIFEST.MF").getTime()).isEqualTo(1_000_000_000_000L);
            assertThat(zip.getEntry("data/stored.bin").getMethod()).isEqualTo(ZipEntry.STORED);
            try (InputStream in = zip.getInputStream(zip.getEntry("data/stored.bin"))) {
                assertThat(in.readAllBytes()).isEqualTo("stored".getBytes());
            }
        }
    }

    // --- helpers

    /** One jar of the classes of the jars that hold these classes (the test's class path), first of each name. */
    private static void jarOf(Path jar, String... classNames) throws Exception {
        var entries = new LinkedHashMap<String, byte[]>();
        for (String className : classNames) {
            Path source = Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
            try (var zip = new ZipFile(source.toFile())) {
                for (var e : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        entries.putIfAbsent(e.getName(), in.readAllBytes());
                    }
                }
            }
        }
        write(jar, entries);
    }

    private static void write(Path jar, Map<String, byte[]> entries) throws IOException {
        try (var out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
    }

    /** The class files of a jar by internal name. */
    private static Map<String, byte[]> classFiles(Path jar) throws IOException {
        var out = new TreeMap<String, byte[]>();
        try (var zip = new ZipFile(jar.toFile())) {
            for (var e : zip.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(e.getName().substring(0, e.getName().length() - ".class".length()), in.readAllBytes());
                }
            }
        }
        return out;
    }

    private static int version(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /**
     * Loads and links (which verifies) each named class of the jar in a loader of its own jar alone: "linked", or the
     * kind of error (a library this jar lacks).
     */
    private static Map<String, String> link(Path jar, Set<String> names) throws IOException {
        var out = new TreeMap<String, String>();
        try (var loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                String outcome;
                try {
                    Class.forName(name.replace('/', '.'), false, loader).getDeclaredMethods(); // links the class
                    outcome = "linked";
                } catch (LinkageError | ClassNotFoundException e) {
                    outcome = e.getClass().getName();
                }
                out.put(name, outcome);
            }
        }
        return out;
    }

    /** A Java 5 class whose method merges an {@code a/A} and a {@code b/B} into one local: its frame needs their common superclass. */
    private static byte[] mergingClass() {
        var writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "t/Merge", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "pick", "(ZLjava/lang/Object;)Ljava/lang/Object;", null, null);
        m.visitCode();
        var otherwise = new Label();
        var join = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFEQ, otherwise);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitTypeInsn(Opcodes.CHECKCAST, "a/A");
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitJumpInsn(Opcodes.GOTO, join);
        m.visitLabel(otherwise);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitTypeInsn(Opcodes.CHECKCAST, "b/B");
        m.visitVarInsn(Opcodes.ASTORE, 2);
        m.visitLabel(join);
        m.visitVarInsn(Opcodes.ALOAD, 2);
        m.visitInsn(Opcodes.ARETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A Java 5 class with nothing but its name. */
    private static byte[] emptyClass(String name) {
        var writer = new ClassWriter(0);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, name, null, "java/lang/Object", null);
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** A Java 5 class whose method {@code seven()} calls a subroutine ({@code jsr}/{@code ret}) before it returns 7. */
    private static byte[] subroutineClass() {
        var writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "t/Jsr", null, "java/lang/Object", null);
        MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "seven", "()I", null, null);
        m.visitCode();
        var subroutine = new Label();
        m.visitJumpInsn(Opcodes.JSR, subroutine);
        m.visitIntInsn(Opcodes.BIPUSH, 7);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(subroutine);
        m.visitVarInsn(Opcodes.ASTORE, 0);
        m.visitVarInsn(Opcodes.RET, 0);
        m.visitMaxs(0, 0);
        m.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
