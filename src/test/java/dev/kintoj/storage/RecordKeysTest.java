package dev.kintoj.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The records used as hash keys on the request path write {@code equals} and {@code hashCode} out (why: see
 * {@link Storage.Key}): their compiled methods call no bootstrap method, and they still compare every component.
 */
class RecordKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev.kintoj.storage.Storage$Key", "dev.kintoj.storage.Storage$ListKey",
            "dev.kintoj.core.ReadAhead$PageRead",
            "dev.kintoj.core.ReadAhead$CountRead", "dev.kintoj.storage.ListQuery", "dev.kintoj.storage.Filter",
            "dev.kintoj.storage.Sort", "dev.kintoj.core.schema.CompiledSchemas$Key"})
    void equalsAndHashCodeAreWrittenOutOverEveryComponent(String name) throws Exception {
        Class<?> type = Class.forName(name);
        assertTrue(type.isRecord(), name);
        assertEquals(List.of(), bootstrapCalls(type, List.of("equals(Ljava/lang/Object;)Z", "hashCode()I")),
                name + ": equals and hashCode must not be the generated ones");

        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = sample(types[i], 0);
        }
        Object one = constructor.newInstance(values);
        Object same = constructor.newInstance(values.clone());
        assertEquals(one, same, name);
        assertEquals(one.hashCode(), same.hashCode(), name);
        assertFalse(one.equals(null), name);
        for (int i = 0; i < components.length; i++) {
            Object[] changed = values.clone();
            changed[i] = sample(types[i], 1);
            Object other = constructor.newInstance(changed);
            assertNotEquals(one, other, name + " differs in " + components[i].getName());
            assertNotEquals(other, one, name + " differs in " + components[i].getName());
        }
    }

    /** Two different values of each component type. */
    private static Object sample(Class<?> type, int which) {
        if (type == String.class) {
            return which == 0 ? "a" : "b";
        } else if (type == long.class) {
            return which == 0 ? 1L : 2L;
        } else if (type == boolean.class) {
            return which == 1;
        } else if (type == Integer.class) {
            return which == 0 ? null : 10;
        } else if (type == Operator.class) {
            return Operator.values()[which];
        } else if (type == com.fasterxml.jackson.databind.JsonNode.class) {
            return IntNode.valueOf(which);
        } else if (type == ListQuery.class) {
            return which == 0 ? ListQuery.ALL : ListQuery.filtered(List.of(new Filter("n", IntNode.valueOf(1), Operator.EQ)));
        } else if (type == List.class) {
            return which == 0 ? List.of() : List.of(List.of());
        }
        throw new IllegalArgumentException("no sample for " + type);
    }

    /** The methods (of those named, by name and descriptor) that call an invokedynamic bootstrap. */
    private static List<String> bootstrapCalls(Class<?> type, List<String> methods) throws IOException {
        List<String> found = new ArrayList<>();
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                        String[] exceptions) {
                    String method = name + descriptor;
                    if (!methods.contains(method)) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                                Object... arguments) {
                            found.add(method + " -> " + bootstrap.getOwner());
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG);
        }
        return found;
    }
}
