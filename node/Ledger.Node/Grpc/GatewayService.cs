using Grpc.Core;
using Ledger.Consensus;
using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.Protos.V1;
using Ledger.State;
using Microsoft.Extensions.Options;

namespace Ledger.Node.Grpc;

/// <summary>Submit and evaluate: the door of the node.</summary>
public sealed class GatewayService(
    TransactionAdmission admission,
    QueryExecutor queries,
    LedgerStore ledger,
    TimeProvider time,
    IOptions<OrderingOptions> ordering) : Gateway.GatewayBase
{
    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var pending = admission.Admit(ProtoMapper.ToEnvelope(request.Transaction, "transaction"));
        return request.WaitForCommit
            ? await WaitAsync(pending, request.TimeoutMs, context.CancellationToken)
            : new SubmitResponse { TxId = pending.TxId.ToHex() };
    }

    public override async Task<SubmitBatchResponse> SubmitBatch(SubmitBatchRequest request, ServerCallContext context)
    {
        var response = new SubmitBatchResponse();
        var admitted = new List<(int Index, PendingTransaction Tx)>(request.Transactions.Count);
        for (var i = 0; i < request.Transactions.Count; i++)
        {
            var item = new BatchItemResult();
            try
            {
                var pending = admission.Admit(ProtoMapper.ToEnvelope(request.Transactions[i], $"transactions[{i}]"));
                item.Response = new SubmitResponse { TxId = pending.TxId.ToHex() };
                admitted.Add((i, pending));
            }
            catch (AdmissionException e)
            {
                item.ErrorCode = (int)StatusMapping.For(e.Code, e.ReasonCode);
                item.ErrorMessage = $"{e.Code}: {e.Message}";
            }
            catch (RpcException e)
            {
                item.ErrorCode = (int)e.StatusCode;
                item.ErrorMessage = e.Status.Detail;
            }
            catch (MempoolFullException e)
            {
                item.ErrorCode = (int)StatusCode.ResourceExhausted;
                item.ErrorMessage = e.Message;
            }

            response.Results.Add(item);
        }

        if (request.WaitForCommit)
        {
            foreach (var (index, tx) in admitted)
            {
                var committed = await WaitAsync(tx, request.TimeoutMs, context.CancellationToken);
                if (request.OmitResults)
                {
                    committed.ResultJson = string.Empty;
                }

                response.Results[index].Response = committed;
            }
        }

        return response;
    }

    public override Task<EvaluateResponse> Evaluate(EvaluateRequest request, ServerCallContext context)
    {
        var envelope = ProtoMapper.ToEnvelope(request.Query, "query");
        var result = queries.Evaluate(ledger, envelope, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!result.IsSuccess)
        {
            throw new AdmissionException(result.Code, result.Reason, result.ReasonCode);
        }

        return Task.FromResult(new EvaluateResponse { ResultJson = result.Result, Height = result.Height });
    }

    private async Task<SubmitResponse> WaitAsync(PendingTransaction pending, uint timeoutMs, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(timeoutMs == 0 ? ordering.Value.DefaultCommitTimeoutMs : timeoutMs);
        TxOutcome outcome;
        try
        {
            outcome = await pending.Committed.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new SubmitResponse { TxId = pending.TxId.ToHex(), Committed = false };
        }

        return new SubmitResponse
        {
            TxId = outcome.TxId.ToHex(),
            Committed = true,
            Height = outcome.Height,
            Index = (uint)outcome.Index,
            ValidationCode = outcome.Code.ToString(),
            ReasonCode = outcome.ReasonCode,
            Reason = outcome.Reason,
            ResultJson = outcome.Result,
        };
    }
}
