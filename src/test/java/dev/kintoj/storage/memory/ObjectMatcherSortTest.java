package dev.kintoj.storage.memory;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.Sort;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ObjectMatcher#sorted} against the plain stable sort by {@link JsonOrder}: the same order, ties included,
 * whether the values are all integers that fit a long (compared as longs) or not.
 */
class ObjectMatcherSortTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void oneIntegralFieldSortsAsJsonbWouldAndKeepsTiesInOrder() {
        Random random = new Random(18);
        for (boolean ascending : new boolean[]{true, false}) {
            List<ObjectNode> objects = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                objects.add(object(i, random.nextInt(40) - 20L, random.nextLong()));
            }
            assertSortedAsReference(objects, List.of(new Sort("a", ascending)));
            assertSortedAsReference(objects, List.of(new Sort("b", ascending)));
        }
    }

    @Test
    void integersBeyondALongAndOtherTypesAreComparedAsJsonb() {
        Random random = new Random(19);
        List<ObjectNode> objects = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode object = object(i, random.nextInt(10), random.nextInt(5));
            switch (i % 7) {
                case 0 -> object.put("a", BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(random.nextInt(3))));
                case 1 -> object.put("a", random.nextInt(10) + 0.5);
                case 2 -> object.put("a", "text " + random.nextInt(3));
                case 3 -> object.remove("a");
                default -> { }
            }
            objects.add(object);
        }
        for (boolean ascending : new boolean[]{true, false}) {
            assertSortedAsReference(objects, List.of(new Sort("a", ascending)));
            assertSortedAsReference(objects, List.of(new Sort("b", ascending), new Sort("a", !ascending)));
            assertSortedAsReference(objects, List.of(new Sort("a", ascending), new Sort("b", ascending)));
        }
    }

    @Test
    void severalIntegralFieldsBreakTiesInTheirOrder() {
        Random random = new Random(20);
        List<ObjectNode> objects = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            objects.add(object(i, random.nextInt(4) * 4_294_967_296L, random.nextInt(4) - 2L)); // beyond an int
        }
        assertSortedAsReference(objects, List.of(new Sort("a", false), new Sort("b", true)));
        assertSortedAsReference(objects, List.of(new Sort("b", true), new Sort("a", false)));
    }

    private static ObjectNode object(int id, long a, long b) {
        ObjectNode object = JSON.objectNode();
        object.put("id", id);
        object.put("a", a);
        object.put("b", b);
        return object;
    }

    private static void assertSortedAsReference(List<ObjectNode> objects, List<Sort> sorting) {
        Comparator<ObjectNode> reference = (x, y) -> {
            for (Sort sort : sorting) {
                int order = JsonOrder.INSTANCE.compare(JsonOrder.resolve(x, sort.field()), JsonOrder.resolve(y, sort.field()));
                if (order != 0) {
                    return sort.ascending() ? order : -order;
                }
            }
            return 0;
        };
        List<ObjectNode> expected = new ArrayList<>(objects);
        expected.sort(reference);
        List<ObjectNode> actual = ObjectMatcher.sorted(objects, object -> object, sorting);
        assertEquals(ids(expected), ids(actual), sorting.toString());
    }

    private static List<Integer> ids(List<ObjectNode> objects) {
        return objects.stream().map(object -> object.get("id").intValue()).toList();
    }
}
