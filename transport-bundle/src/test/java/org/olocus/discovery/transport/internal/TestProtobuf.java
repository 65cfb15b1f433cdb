package org.olocus.discovery.transport.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.google.protobuf.CodedOutputStream;

/** Hand-built protobuf bytes for codec tests: well-formed, malformed or with fields our encoders never write. */
public final class TestProtobuf {
    /** Writes fields to a {@link CodedOutputStream}. */
    public interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private TestProtobuf() {
    }

    /** The bytes {@code writer} writes. */
    public static byte[] proto(Writer writer) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        writer.write(out);
        out.flush();
        return buffer.toByteArray();
    }
}
