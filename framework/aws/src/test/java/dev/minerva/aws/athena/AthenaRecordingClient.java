package dev.minerva.aws.athena;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.GetQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionResponse;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionRequest;
import software.amazon.awssdk.services.athena.model.StopQueryExecutionResponse;

/**
 * A hand-written decorator of a moto-backed client adding what moto lacks: GetQueryResults paging (moto returns
 * every row at once and ignores MaxResults) and a DataScannedInBytes figure (moto reports 0). It records the calls.
 */
final class AthenaRecordingClient implements AthenaClient {
    final List<StartQueryExecutionRequest> starts = new CopyOnWriteArrayList<>();
    final List<GetQueryResultsRequest> resultCalls = new CopyOnWriteArrayList<>();
    private final AthenaClient moto;
    private final long bytesScanned;
    private final Map<String, List<Row>> rows = new ConcurrentHashMap<>();

    AthenaRecordingClient(AthenaClient moto, long bytesScanned) {
        this.moto = moto;
        this.bytesScanned = bytesScanned;
    }

    @Override
    public StartQueryExecutionResponse startQueryExecution(StartQueryExecutionRequest request) {
        starts.add(request);
        return moto.startQueryExecution(request);
    }

    @Override
    public GetQueryExecutionResponse getQueryExecution(GetQueryExecutionRequest request) {
        GetQueryExecutionResponse response = moto.getQueryExecution(request);
        return response.toBuilder().queryExecution(response.queryExecution().toBuilder()
                .statistics(s -> s.dataScannedInBytes(bytesScanned).totalExecutionTimeInMillis(1500L)).build())
                .build();
    }

    @Override
    public StopQueryExecutionResponse stopQueryExecution(StopQueryExecutionRequest request) {
        return moto.stopQueryExecution(request);
    }

    @Override
    public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
        resultCalls.add(request);
        GetQueryResultsResponse all = moto.getQueryResults(request.toBuilder().nextToken(null).maxResults(null).build());
        List<Row> every = rows.computeIfAbsent(request.queryExecutionId(), id -> all.resultSet().rows());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int size = request.maxResults() == null ? 1000 : request.maxResults();
        int to = Math.min(every.size(), from + size);
        return all.toBuilder().resultSet(all.resultSet().toBuilder().rows(new ArrayList<>(every.subList(from, to)))
                .build()).nextToken(to < every.size() ? Integer.toString(to) : null).build();
    }

    @Override
    public String serviceName() {
        return moto.serviceName();
    }

    @Override
    public void close() {
        moto.close();
    }
}
