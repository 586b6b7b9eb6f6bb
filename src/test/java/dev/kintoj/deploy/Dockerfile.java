package dev.kintoj.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Dockerfile read as its instructions, stage by stage (continuation lines joined, comments dropped). */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** The last instruction of that kind, or null. */
        Instruction last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? null : found.get(found.size() - 1);
        }
    }

    /** COPY's flags (--from, --chown, --chmod), sources and destination. */
    record Copy(String from, List<String> sources, String destination) {

        static Copy of(Instruction copy) {
            String from = null;
            List<String> words = new ArrayList<>(Arrays.asList(copy.arguments().trim().split("\\s+")));
            while (!words.isEmpty() && words.get(0).startsWith("--")) {
                String flag = words.remove(0);
                if (flag.startsWith("--from=")) {
                    from = flag.substring("--from=".length());
                }
            }
            return new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1));
        }
    }

    static Dockerfile read(Path path) throws IOException {
        List<Stage> stages = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String raw : Files.readAllLines(path)) {
            String trimmed = raw.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && line.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                line.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            line.append(trimmed);
            String text = line.toString().strip();
            line.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
            if (instruction.keyword().equals("FROM")) {
                String[] from = instruction.arguments().split("\\s+");
                stages.add(new Stage(from[0], from.length == 3 ? from[2] : null, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return new Dockerfile(stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name));
    }

    /** An exec-form (JSON array) argument list, such as ENTRYPOINT's or HEALTHCHECK's CMD. */
    static List<String> execForm(String json) throws IOException {
        return Arrays.asList(new ObjectMapper().readValue(json.strip(), String[].class));
    }
}
