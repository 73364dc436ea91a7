package dev.minerva.templates.trino;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * The Glue database and tables of {@code minerva.yaml}, created through the Glue API exactly as the template defines
 * them (moto's CloudFormation has no Glue resources): the template's intrinsic functions are evaluated with the stack
 * parameters given, and every property of a TableInput is translated; a property this class does not know fails, so
 * the template cannot grow something the test silently leaves out.
 *
 * <p>The template relies on Athena's partition projection. Trino's Hive connector does not project partitions, so
 * {@link #registerPartitions} adds each {@code dt} partition with BatchCreatePartition, at the location the
 * template's {@code storage.location.template} gives it.
 */
final class GlueWarehouseTables {
    private static final Set<String> TABLE_INPUT_KEYS =
            Set.of("Name", "TableType", "Parameters", "PartitionKeys", "StorageDescriptor");
    private static final Set<String> STORAGE_KEYS =
            Set.of("Location", "InputFormat", "OutputFormat", "SerdeInfo", "Columns");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(!?)([A-Za-z0-9:.]+)}");
    private static final int PARTITIONS_PER_BATCH = 100;

    private final Map<String, Object> template;
    private final Map<String, String> references;

    /**
     * @param template the template as SnakeYAML reads it
     * @param parameters stack parameters; template defaults fill in the rest
     * @param stackName the stack's name, for {@code AWS::StackName}
     */
    GlueWarehouseTables(Map<String, Object> template, Map<String, String> parameters, String stackName) {
        this.template = requireNonNull(template, "template is null");
        Map<String, String> values = new LinkedHashMap<>();
        section("Parameters").forEach((name, definition) -> {
            Object fallback = ((Map<?, ?>) definition).get("Default");
            if (fallback != null) {
                values.put(name, fallback.toString());
            }
        });
        values.putAll(parameters);
        values.put("AWS::StackName", stackName);
        values.put("AWS::AccountId", "123456789012");
        values.put("AWS::Region", "us-east-1");
        this.references = Map.copyOf(values);
    }

    /** Creates the database and both tables; returns the database name. */
    String create(GlueClient glue) {
        String database = (String) evaluate(((Map<?, ?>) properties("GlueDatabase").get("DatabaseInput")).get("Name"));
        glue.createDatabase(b -> b.databaseInput(d -> d.name(database)));
        for (String table : List.of("TermsTable", "MessagesTable")) {
            TableInput input = tableInput(table);
            glue.createTable(b -> b.databaseName(database).tableInput(input));
        }
        return database;
    }

    /** The table's name in Glue, from the template. */
    String tableName(String resource) {
        return (String) evaluate(tableInputDefinition(resource).get("Name"));
    }

    /** Registers one partition per {@code dt} value, located as the table's projection template places it. */
    void registerPartitions(GlueClient glue, String database, String resource, List<String> dts) {
        TableInput table = tableInput(resource);
        String locationTemplate = table.parameters().get("storage.location.template");
        List<PartitionInput> partitions = new ArrayList<>();
        for (String dt : dts) {
            StorageDescriptor descriptor = table.storageDescriptor().toBuilder()
                    .location(locationTemplate.replace("${dt}", dt)).build();
            partitions.add(PartitionInput.builder().values(dt).storageDescriptor(descriptor).build());
        }
        for (int from = 0; from < partitions.size(); from += PARTITIONS_PER_BATCH) {
            List<PartitionInput> batch = partitions.subList(from, Math.min(partitions.size(), from + PARTITIONS_PER_BATCH));
            BatchCreatePartitionResponse response = glue.batchCreatePartition(b -> b.databaseName(database)
                    .tableName(table.name()).partitionInputList(batch));
            if (!response.errors().isEmpty()) {
                throw new IllegalStateException("Glue refused partitions of " + table.name() + ": " + response.errors());
            }
        }
    }

    /** The TableInput of a {@code AWS::Glue::Table} resource, every property translated. */
    @SuppressWarnings("unchecked")
    TableInput tableInput(String resource) {
        Map<String, Object> input = tableInputDefinition(resource);
        checkKnown(resource + ".TableInput", input, TABLE_INPUT_KEYS);
        Map<String, Object> storage = (Map<String, Object>) input.get("StorageDescriptor");
        checkKnown(resource + ".TableInput.StorageDescriptor", storage, STORAGE_KEYS);
        Map<String, Object> serde = (Map<String, Object>) storage.get("SerdeInfo");
        checkKnown(resource + ".TableInput.StorageDescriptor.SerdeInfo", serde, Set.of("SerializationLibrary"));

        Map<String, String> parameters = new LinkedHashMap<>();
        ((Map<String, Object>) input.get("Parameters")).forEach((key, value) -> parameters.put(key, (String) evaluate(value)));
        return TableInput.builder()
                .name((String) evaluate(input.get("Name")))
                .tableType((String) evaluate(input.get("TableType")))
                .parameters(parameters)
                .partitionKeys(columns((List<Object>) input.get("PartitionKeys")))
                .storageDescriptor(StorageDescriptor.builder()
                        .location((String) evaluate(storage.get("Location")))
                        .inputFormat((String) evaluate(storage.get("InputFormat")))
                        .outputFormat((String) evaluate(storage.get("OutputFormat")))
                        .serdeInfo(SerDeInfo.builder()
                                .serializationLibrary((String) evaluate(serde.get("SerializationLibrary"))).build())
                        .columns(columns((List<Object>) storage.get("Columns")))
                        .build())
                .build();
    }

    @SuppressWarnings("unchecked")
    private List<Column> columns(List<Object> definitions) {
        List<Column> columns = new ArrayList<>();
        for (Object definition : definitions) {
            Map<String, Object> column = (Map<String, Object>) definition;
            checkKnown("column " + column, column, Set.of("Name", "Type"));
            columns.add(Column.builder().name((String) evaluate(column.get("Name")))
                    .type((String) evaluate(column.get("Type"))).build());
        }
        return columns;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tableInputDefinition(String resource) {
        return (Map<String, Object>) properties(resource).get("TableInput");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> properties(String resource) {
        return (Map<String, Object>) ((Map<String, Object>) section("Resources").get(resource)).get("Properties");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> section(String name) {
        return (Map<String, Object>) template.get(name);
    }

    /** The intrinsic functions the Glue resources use: Ref, Fn::Sub, Fn::FindInMap, Fn::Join, Fn::Split. */
    @SuppressWarnings("unchecked")
    Object evaluate(Object node) {
        if (node instanceof String || node == null) {
            return node;
        }
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<String, Object> function = ((Map<String, Object>) map).entrySet().iterator().next();
            Object argument = function.getValue();
            switch (function.getKey()) {
                case "Ref" -> {
                    return reference((String) argument);
                }
                case "Fn::Sub" -> {
                    if (argument instanceof String text) {
                        return substitute(text, Map.of());
                    }
                    List<Object> form = (List<Object>) argument;
                    Map<String, String> variables = new LinkedHashMap<>();
                    ((Map<String, Object>) form.get(1)).forEach((key, value) -> variables.put(key, (String) evaluate(value)));
                    return substitute((String) form.get(0), variables);
                }
                case "Fn::FindInMap" -> {
                    List<Object> path = (List<Object>) argument;
                    Map<String, Object> mapping = (Map<String, Object>) section("Mappings").get(evaluate(path.get(0)));
                    return ((Map<String, Object>) mapping.get(evaluate(path.get(1)))).get(evaluate(path.get(2)));
                }
                case "Fn::Join" -> {
                    List<Object> form = (List<Object>) argument;
                    return String.join((String) form.get(0), (List<String>) evaluate(form.get(1)));
                }
                case "Fn::Split" -> {
                    List<Object> form = (List<Object>) argument;
                    return List.of(((String) evaluate(form.get(1))).split(Pattern.quote((String) form.get(0)), -1));
                }
                default -> {
                    // Not a function: a plain one-entry map.
                }
            }
        }
        if (node instanceof List<?> list) {
            return list.stream().map(this::evaluate).toList();
        }
        throw new IllegalArgumentException("Cannot evaluate " + node + ": only strings and Ref, Fn::Sub, "
                + "Fn::FindInMap, Fn::Join, Fn::Split are translated");
    }

    private String substitute(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // ${!name} is the literal ${name}: the projection's placeholder, not a stack value.
            String value = m.group(1).isEmpty()
                    ? (variables.containsKey(m.group(2)) ? variables.get(m.group(2)) : reference(m.group(2)))
                    : "${" + m.group(2) + "}";
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String reference(String name) {
        String value = references.get(name);
        if (value == null) {
            throw new IllegalArgumentException("No value for " + name + " (a stack parameter or pseudo parameter)");
        }
        return value;
    }

    private static void checkKnown(String where, Map<String, Object> definition, Set<String> known) {
        for (String key : definition.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalStateException(where + " has property " + key + ", which the Trino test does not "
                        + "translate to Glue: add it to GlueWarehouseTables");
            }
        }
    }
}
