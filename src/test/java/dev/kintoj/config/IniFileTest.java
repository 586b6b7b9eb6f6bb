package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {

    @Test
    void readsSectionsInOrderWithBothSeparators() {
        var ini = IniFile.parse("""
                [app:main]
                use = egg:kinto
                kinto.storage_backend=kinto.core.storage.memory
                http_host: example.com:8888
                Kinto.CaseKept = x

                [server:main]
                port = 8888
                """, "test.ini");

        assertEquals(List.of("app:main", "server:main"), List.copyOf(ini.keySet()));
        assertEquals(List.of("use", "kinto.storage_backend", "http_host", "Kinto.CaseKept"),
                List.copyOf(ini.get("app:main").keySet()));
        assertEquals("egg:kinto", ini.get("app:main").get("use"));
        assertEquals("kinto.core.storage.memory", ini.get("app:main").get("kinto.storage_backend"));
        assertEquals("example.com:8888", ini.get("app:main").get("http_host"));
        assertEquals(Map.of("port", "8888"), ini.get("server:main"));
    }

    @Test
    void keyEndsAtFirstSeparatorAndValueIsTrimmed() {
        var section = IniFile.parse("[s]\n  storage_url   =   postgresql://u:p@h/db?a=b   \nempty =\n", "t.ini").get("s");

        assertEquals("postgresql://u:p@h/db?a=b", section.get("storage_url"));
        assertEquals("", section.get("empty"));
    }

    @Test
    void skipsFullLineComments() {
        var section = IniFile.parse("""
                # leading comment
                [s]
                ; semicolon comment
                a = 1
                    # indented comment is not a continuation
                b = 2 # not an inline comment
                """, "t.ini").get("s");

        assertEquals(Map.of("a", "1", "b", "2 # not an inline comment"), section);
    }

    @Test
    void joinsContinuationLinesWithNewlines() {
        var section = IniFile.parse("""
                [app:main]
                includes =
                    kinto.plugins.default_bucket
                    kinto.plugins.admin

                    kinto.plugins.accounts
                multiauth.policies = account basicauth
                   extra
                after = done

                """, "t.ini").get("app:main");

        assertEquals("kinto.plugins.default_bucket\nkinto.plugins.admin\n\nkinto.plugins.accounts",
                section.get("includes"));
        assertEquals("account basicauth\nextra", section.get("multiauth.policies"));
        assertEquals("done", section.get("after"));
    }

    @Test
    void sectionHeaderMayBeFollowedByComment() {
        var ini = IniFile.parse("[app:main] # main app\na = 1\n", "t.ini");

        assertEquals(Map.of("a", "1"), ini.get("app:main"));
    }

    @Test
    void invalidLineNamesFileAndLineNumber() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> IniFile.parse("[app:main]\na = 1\n\nthis is not valid\n", "/etc/kinto.ini"));

        assertTrue(e.getMessage().contains("/etc/kinto.ini"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void keyBeforeAnySectionIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> IniFile.parse("\na = 1\n", "x.ini"));

        assertTrue(e.getMessage().contains("x.ini, line 2"), e.getMessage());
    }

    @Test
    void emptyKeyIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> IniFile.parse("[s]\n= 1\n", "x.ini"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void duplicateKeyIsRejectedLikeConfigparser() {
        var e = assertThrows(IllegalArgumentException.class, () -> IniFile.parse("[s]\na = 1\na = 2\n", "x.ini"));

        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void readsFileFromPathWithCrlf(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kinto.ini");
        Files.writeString(file, "[app:main]\r\nincludes =\r\n  a\r\n  b\r\n");

        assertEquals("a\nb", IniFile.parse(file).get("app:main").get("includes"));
    }
}
