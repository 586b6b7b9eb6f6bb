package dev.kintoj.core.schema;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.ext.sql.JavaSqlTypeHandlerFactory;

/**
 * Native image only: Jackson 3 (the schema validator's) without its XML handlers. Its {@code OptionalHandlerFactory}
 * offers (de)serializers for DOM nodes and {@code javax.xml} types (QName, Duration, XMLGregorianCalendar); being
 * reachable from every bean lookup, they pull much of {@code java.xml} (about 3.8 MB of code) into the binary. The
 * service only hands Jackson 3 JSON trees, so the lookups keep just their {@code java.sql} part. The JVM build is
 * untouched: substitutions are applied by the native-image builder alone.
 */
@TargetClass(className = "tools.jackson.databind.ext.OptionalHandlerFactory")
final class Jackson3WithoutXml {

    @Substitute
    public ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type) {
        return JavaSqlTypeHandlerFactory.instance.findSerializer(config, type);
    }

    @Substitute
    public ValueDeserializer<?> findDeserializer(DeserializationConfig config, JavaType type) {
        return JavaSqlTypeHandlerFactory.instance.findDeserializer(config, type);
    }

    @Substitute
    public boolean hasDeserializerFor(Class<?> type) {
        return JavaSqlTypeHandlerFactory.instance.hasDeserializerFor(type);
    }
}
