/**
 * The Parquet warehouse: hour-partitioned {@code terms/} and {@code messages/} tables, {@code rejects/}, object
 * manifests as commit markers, and the compactor. Layout and schemas are fixed in {@link
 * dev.minerva.core.warehouse.WarehouseLayout}; the SQL side relies on them.
 */
package dev.minerva.core.warehouse;
