package dev.vmem.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;

/**
 * Rewrites the class files of a jar that predate Java 6 (version 49 or older) as version 51 (Java 7) files with stack
 * map frames, subroutines ({@code jsr}/{@code ret}) inlined; every other entry is copied unchanged.
 *
 * <p>Why: the JVM verifies such classes with its old inference verifier, whose results a class-data-sharing archive
 * cannot keep, so it archives them unverified and verifies them — and every class that extends or implements one —
 * again at every start. In vmem.jar they are EMF's, log4j's (reload4j), ANTLR 3's and picocli's classes: about 1,600,
 * and a cold start of the language server loads some 600 of them (docs/benchmarks.md, seventh pass). With frames the
 * type-checking verifier checks them once, when the archive is made.
 *
 * <p>The frames come from ASM, which needs the nearest common superclass of two types where control flow merges; the
 * jar's own classes and the JDK answer that. A class for which they cannot (a type from a library the jar does not
 * hold), or which ASM cannot rewrite, keeps its original bytes, so it is verified at run time as before.
 *
 * <p>Usage: {@code ModernClassFiles JAR}: rewrites JAR in place (through a temporary file beside it).
 */
public final class ModernClassFiles {

    /**
     * Java 7: class files that the JVM verifies with the type-checking verifier alone. (Java 6 files fall back to the
     * old verifier when their frames are wrong, which would hide a wrong frame and cost the start again.)
     */
    static final int TARGET_VERSION = Opcodes.V1_7;

    private ModernClassFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ModernClassFiles JAR");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Result result = rewrite(jar);
        System.out.println(jar.getFileName() + ": " + result.rewritten().size() + " pre-Java 6 class files given stack map frames, "
                + result.kept().size() + " kept as they were" + (result.kept().isEmpty() ? "" : " " + result.keptReasons()));
    }

    /**
     * What {@link #rewrite} did: the classes (internal names) it rewrote, and those it kept with the reason.
     */
    public record Result(Set<String> rewritten, Map<String, String> kept) {
        /** The reasons of the kept classes, each with how many, for the build's log. */
        String keptReasons() {
            Map<String, Integer> counts = new HashMap<>();
            kept.values().forEach(reason -> counts.merge(reason, 1, Integer::sum));
            return new TreeSet<>(counts.entrySet().stream().map(e -> e.getValue() + " x " + e.getKey()).toList()).toString();
        }
    }

    /** Rewrites the jar in place; the jar is left untouched when nothing needs rewriting or anything fails. */
    public static Result rewrite(Path jar) throws IOException {
        // The entries in order, read once: the hierarchy needs every class before the first rewrite.
        var entries = new LinkedHashMap<ZipEntry, byte[]>();
        try (var zip = new ZipFile(jar.toFile())) {
            for (var e = zip.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry, in.readAllBytes());
                }
            }
        }
        var hierarchy = new Hierarchy();
        entries.forEach((entry, bytes) -> {
            if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                hierarchy.add(bytes);
            }
        });
        var rewritten = new LinkedHashSet<String>();
        var kept = new HashMap<String, String>();
        for (var e : entries.entrySet()) {
            String file = e.getKey().getName();
            if (file.endsWith(".class") && isOld(e.getValue())) {
                String name = file.substring(0, file.length() - ".class".length());
                try {
                    e.setValue(rewrite(e.getValue(), hierarchy));
                    rewritten.add(name);
                } catch (UnknownType ex) {
                    kept.put(name, "a type outside the jar and the JDK");
                } catch (RuntimeException ex) {
                    // ASM refused (e.g. a method too large once its subroutines are inlined)
                    kept.put(name, ex.getClass().getSimpleName());
                }
            }
        }
        var result = new Result(Collections.unmodifiableSet(rewritten), Collections.unmodifiableMap(kept));
        if (rewritten.isEmpty()) {
            return result;
        }
        Path temporary = jar.resolveSibling(jar.getFileName() + ".modern.tmp");
        try (var out = new ZipOutputStream(Files.newOutputStream(temporary))) {
            for (var e : entries.entrySet()) {
                write(out, e.getKey(), e.getValue());
            }
        } catch (IOException | RuntimeException ex) {
            Files.deleteIfExists(temporary);
            throw ex;
        }
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return result;
    }

    /** True for a class file of version 49 (Java 5) or older. */
    static boolean isOld(byte[] classFile) {
        return classFile.length > 8 && (((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff)) < Opcodes.V1_6;
    }

    /**
     * One class file as version 51 with frames and without subroutines.
     *
     * @throws UnknownType when the frames need a type that {@code hierarchy} does not know
     */
    static byte[] rewrite(byte[] classFile, Hierarchy hierarchy) {
        var reader = new ClassReader(classFile);
        var writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return hierarchy.commonSuperClass(type1, type2);
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(TARGET_VERSION, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(next, access, name, descriptor, signature, exceptions);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    private static void write(ZipOutputStream out, ZipEntry original, byte[] bytes) throws IOException {
        var entry = new ZipEntry(original.getName());
        entry.setTime(original.getTime());
        if (original.getMethod() == ZipEntry.STORED) {
            var crc = new CRC32();
            crc.update(bytes);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            entry.setCrc(crc.getValue());
        }
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    /** A type the frames need that neither the jar nor the JDK holds. */
    static final class UnknownType extends RuntimeException {
        UnknownType(String type) {
            super(type, null, false, false);
        }
    }

    /**
     * The supertypes of the jar's classes (read from their class files) and of the JDK's (by reflection, without
     * initializing anything): what ASM asks when it merges two types into a frame.
     */
    static final class Hierarchy {
        private record Type(String superName, List<String> interfaces, boolean isInterface) {
        }

        private final Map<String, Type> types = new HashMap<>();

        void add(byte[] classFile) {
            var reader = new ClassReader(classFile);
            types.put(reader.getClassName(), new Type(reader.getSuperName(), List.of(reader.getInterfaces()),
                    (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0));
        }

        private Type type(String name) {
            Type type = types.get(name);
            if (type == null) {
                Class<?> jdk;
                try {
                    jdk = Class.forName(name.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new UnknownType(name);
                }
                var interfaces = new ArrayList<String>();
                for (Class<?> i : jdk.getInterfaces()) {
                    interfaces.add(i.getName().replace('.', '/'));
                }
                type = new Type(jdk.getSuperclass() == null ? null : jdk.getSuperclass().getName().replace('.', '/'),
                        interfaces, jdk.isInterface());
                types.put(name, type);
            }
            return type;
        }

        /** ASM's default answer ({@code ClassWriter.getCommonSuperClass}) from this hierarchy instead of loaded classes. */
        String commonSuperClass(String type1, String type2) {
            if (isAssignableFrom(type1, type2)) {
                return type1;
            }
            if (isAssignableFrom(type2, type1)) {
                return type2;
            }
            if (type(type1).isInterface() || type(type2).isInterface()) {
                return "java/lang/Object";
            }
            String common = type1;
            do {
                common = type(common).superName();
            } while (!isAssignableFrom(common, type2));
            return common;
        }

        /** True when a value of type {@code from} may be used as {@code to} (a class or interface name). */
        boolean isAssignableFrom(String to, String from) {
            if (to.equals(from) || to.equals("java/lang/Object")) {
                return true;
            }
            Type type = type(from);
            if (type.superName() != null && isAssignableFrom(to, type.superName())) {
                return true;
            }
            for (String i : type.interfaces()) {
                if (isAssignableFrom(to, i)) {
                    return true;
                }
            }
            return false;
        }
    }
}
