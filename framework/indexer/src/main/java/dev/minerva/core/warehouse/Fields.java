package dev.minerva.core.warehouse;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes one required field into a Parquet record. */
final class Fields {
    private Fields() {}

    static void binary(RecordConsumer consumer, String name, int index, Binary value) {
        consumer.startField(name, index);
        consumer.addBinary(value);
        consumer.endField(name, index);
    }

    static void int64(RecordConsumer consumer, String name, int index, long value) {
        consumer.startField(name, index);
        consumer.addLong(value);
        consumer.endField(name, index);
    }
}
