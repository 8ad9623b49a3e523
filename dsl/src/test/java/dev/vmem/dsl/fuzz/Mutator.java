package dev.vmem.dsl.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.vmem.dsl.tests.VMemTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Structure-aware mutations of the shipped examples: the fuzzer's bytes pick an example and a
 * sequence of edits on its tokens (delete, duplicate, swap, repeat a block hundreds of times, put a
 * keyword, an edge-case number or another name in a token's place, open a brace, comment or string,
 * point an import somewhere else). Most results stay close to the language, so they reach the
 * linker, the validator, the mapper and the engine rather than stopping at the first syntax error.
 */
final class Mutator {

    /** Longest text a mutation sequence may produce (keeps one execution fast). */
    static final int MAX_CHARS = 64 * 1024;

    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\\\n]|\\\\.)*\"?|/\\*[\\s\\S]*?(?:\\*/|$)|//[^\\n]*|[A-Za-z_][A-Za-z0-9_-]*"
                    + "|[0-9]+(?:\\.[0-9]+)+|[0-9][0-9A-Za-z_]*|\\s+|.");

    private static final String[] NUMBERS = {
        "0", "0x0", "1", "4K", "4KiB", "2MiB", "1GiB", "1TiB", "1T", "0x1000", "18446744073709551615",
        "18446744073709551616", "0xFFFFFFFFFFFFFFFF", "0xFFFFFFFFFFFFF000", "9223372036854775807",
        "9223372036854775808", "16384TiB", "0x10000000000000000", "4294967296", "2147483647", "2147483648",
        "32767", "32768", "0x", "4KB", "1_000", "0_", "00000000000000000000000001", "1e9", "0b101"
    };

    private static final String[] WORDS = {
        "kernel", "vm", "scenario", "import", "memory", "map", "slot", "gpa", "size", "userspace", "guest_memfd",
        "offset", "flags", "mmap", "init_shared", "no_direct_map", "private", "shared", "populate", "step",
        "expect", "version", "arch", "patch", "param", "feature", "type", "vcpus", "rlimit", "memlock", "clock",
        "cpuid", "uses", "device", "via", "host", "from", "scratch", "touch", "read", "write", "delete", "guest",
        "vcpu", "kvm", "pfncache", "vcpu_map", "gup", "fast", "longterm", "vfio", "io_uring", "register", "o_direct",
        "process_vm_readv", "ptrace", "peek", "proc_mem", "hibernate", "coredump", "close", "fallocate",
        "punch_hole", "len", "ftruncate", "madvise", "collapse", "memfd_secret", "hugetlb", "file", "tdx", "snp",
        "sw_protected", "{", "}", ":", "|", ",", "+", "-", "=", "\"", "/*", "*/", "//", "\n", "6.18", "v12",
        "secretmem.enable", "kvmclock", "virtio_net", "vhost_user", "memfd", "anonymous", "at", "mergeable"
    };

    private static final String[] IMPORTS = {
        "kernels.vmem", "../kernels.vmem", "profiles/vms.vmem", "./kernels.vmem", "main.vmem", "missing.vmem",
        "../../../../../../etc/passwd", "/etc/passwd", "/dev/zero", "/proc/self/environ", "profiles",
        "http://127.0.0.1:9/x.vmem", "classpath:/x.vmem", "file:///etc/hosts", "%2e%2e/%2e%2e/etc/passwd",
        "kernels.vmem#//@declarations.0", "", "\\\"", "a\\u0000.vmem", "profiles/../kernels.vmem"
    };

    private static final List<String> EXAMPLES = examples();

    private Mutator() {
    }

    /** An example, mutated as the fuzzer's bytes say. */
    static String mutate(FuzzedDataProvider data) {
        String example = EXAMPLES.get(data.consumeInt(0, EXAMPLES.size() - 1));
        List<String> tokens = tokens(example);
        if (data.consumeBoolean()) {
            tokens.add(0, "import \"" + data.pickValue(IMPORTS) + "\"\n");
        }
        int edits = data.consumeInt(0, 8);
        for (int e = 0; e < edits && !tokens.isEmpty(); e++) {
            int at = data.consumeInt(0, tokens.size() - 1);
            switch (data.consumeInt(0, 9)) {
                case 0 -> {
                    int n = Math.min(data.consumeInt(1, 40), tokens.size() - at);
                    tokens.subList(at, at + n).clear();
                }
                case 1 -> {
                    int n = Math.min(data.consumeInt(1, 60), tokens.size() - at);
                    tokens.addAll(at + n, List.copyOf(tokens.subList(at, at + n)));
                }
                case 2 -> {
                    int other = data.consumeInt(0, tokens.size() - 1);
                    String t = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, t);
                }
                case 3 -> tokens.set(at, " " + data.pickValue(WORDS) + " ");
                case 4 -> replaceNext(tokens, at, t -> Character.isDigit(t.charAt(0)), data.pickValue(NUMBERS));
                case 5 -> {
                    String name = tokens.get(data.consumeInt(0, tokens.size() - 1));
                    if (!name.isBlank()) {
                        replaceNext(tokens, at, t -> Character.isLetter(t.charAt(0)), name);
                    }
                }
                case 6 -> tokens.add(at, data.consumeString(data.consumeInt(0, 24)));
                case 7 -> repeatBlock(tokens, at, data.consumeInt(1, 300));
                case 8 -> tokens.add(at, data.pickValue(new String[] {"{", "}", "/*", "\"", "{ {", "} }", "*/", "//"}));
                default -> replaceNext(tokens, at, t -> t.startsWith("\""), "\"" + data.pickValue(IMPORTS) + "\"");
            }
            if (length(tokens) > MAX_CHARS) {
                break;
            }
        }
        String text = String.join("", tokens);
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    static List<String> examples() {
        Path root = VMemTestSupport.repositoryRoot().resolve("examples");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> texts = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".vmem")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
            if (texts.isEmpty()) {
                throw new IllegalStateException("no examples under " + root);
            }
            return List.copyOf(texts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> tokens(String text) {
        var out = new ArrayList<String>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static void replaceNext(List<String> tokens, int from, java.util.function.Predicate<String> kind,
            String replacement) {
        for (int i = 0; i < tokens.size(); i++) {
            int k = (from + i) % tokens.size();
            String t = tokens.get(k);
            if (!t.isEmpty() && kind.test(t)) {
                tokens.set(k, replacement);
                return;
            }
        }
    }

    /** Repeats the braced block (or, outside one, the line) around {@code at} {@code times} times. */
    private static void repeatBlock(List<String> tokens, int at, int times) {
        int start = at;
        while (start > 0 && !tokens.get(start).equals("{") && !tokens.get(start).contains("\n")) {
            start--;
        }
        int end = at;
        int depth = 0;
        while (end < tokens.size() - 1) {
            String t = tokens.get(end);
            if (t.equals("{")) {
                depth++;
            } else if (t.equals("}") && --depth <= 0) {
                break;
            } else if (depth == 0 && t.contains("\n")) {
                break;
            }
            end++;
        }
        List<String> block = List.copyOf(tokens.subList(start, end + 1));
        int room = Math.max(0, (MAX_CHARS - length(tokens)) / Math.max(1, length(block)));
        var copies = new ArrayList<String>();
        for (int i = 0; i < Math.min(times, room); i++) {
            copies.addAll(block);
        }
        tokens.addAll(end + 1, copies);
    }

    private static int length(List<String> tokens) {
        int n = 0;
        for (String t : tokens) {
            n += t.length();
        }
        return n;
    }
}
