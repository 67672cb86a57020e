using Grpc.Core;
using Ledger.Consensus;
using Ledger.Core.Transactions;
using Ledger.Execution;
using Ledger.Protos.V1;
using Ledger.State;
using Microsoft.Extensions.Options;

namespace Ledger.Node.Grpc;

/// <summary>Submit and evaluate: the door of the node.</summary>
// Not sealed, and its handlers are virtual and declared here: Grpc.AspNetCore binds handlers that
// are declared by the type named in [BindServiceMethod] (see StrictBinding).
[BindServiceMethod(typeof(GatewayBinding), nameof(GatewayBinding.BindService))]
public class GatewayService(
    TransactionAdmission admission,
    QueryExecutor queries,
    LedgerStore ledger,
    TimeProvider time,
    IOptions<OrderingOptions> ordering)
{
    public const uint MaxCommitTimeoutMs = 600_000;

    public virtual async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var timeout = CommitTimeout(request.TimeoutMs);
        var pending = admission.Admit(EnvelopeMapper.ToEnvelope(request.Transaction, "transaction"));
        return request.WaitForCommit
            ? await WaitAsync(pending, timeout, context.CancellationToken)
            : new SubmitResponse { TxId = pending.TxId.ToHex() };
    }

    public virtual async Task<SubmitBatchResponse> SubmitBatch(SubmitBatchRequest request, ServerCallContext context)
    {
        var timeout = CommitTimeout(request.TimeoutMs);
        var response = new SubmitBatchResponse();
        var envelopes = new List<byte[]>(request.Transactions.Count);
        var malformed = new Dictionary<int, RpcException>();
        for (var i = 0; i < request.Transactions.Count; i++)
        {
            try
            {
                envelopes.Add(EnvelopeMapper.ToEnvelope(request.Transactions[i], $"transactions[{i}]"));
            }
            catch (RpcException e)
            {
                malformed[i] = e;
                envelopes.Add([]);
            }
        }

        var outcomes = admission.AdmitBatch(envelopes);
        var admitted = new List<(int Index, PendingTransaction Tx)>(envelopes.Count);
        for (var i = 0; i < envelopes.Count; i++)
        {
            var item = new BatchItemResult();
            if (malformed.TryGetValue(i, out var bad))
            {
                item.ErrorCode = (int)bad.StatusCode;
                item.ErrorMessage = bad.Status.Detail;
            }
            else if (outcomes[i].Admitted is { } pending)
            {
                item.Response = new SubmitResponse { TxId = pending.TxId.ToHex() };
                admitted.Add((i, pending));
            }
            else if (outcomes[i].Refused is AdmissionException refused)
            {
                item.ErrorCode = (int)StatusMapping.For(refused.Code, refused.ReasonCode);
                item.ErrorMessage = $"{refused.Code}: {refused.Message}";
            }
            else
            {
                item.ErrorCode = (int)(outcomes[i].Refused is NodeUnavailableException ? StatusCode.Unavailable : StatusCode.ResourceExhausted);
                item.ErrorMessage = outcomes[i].Refused?.Message ?? string.Empty;
            }

            response.Results.Add(item);
        }

        if (request.WaitForCommit)
        {
            // one deadline for the whole batch; each item answers on its own, also when it fails
            var waits = admitted.Select(a => WaitAsync(a.Tx, timeout, context.CancellationToken)).ToArray();
            try
            {
                await Task.WhenAll(waits);
            }
            catch (Exception) when (!context.CancellationToken.IsCancellationRequested)
            {
                // reported per item below
            }

            for (var k = 0; k < admitted.Count; k++)
            {
                var item = response.Results[admitted[k].Index];
                switch (waits[k])
                {
                    case { IsCompletedSuccessfully: true } done:
                        var committed = done.Result;
                        if (request.OmitResults)
                        {
                            committed.ResultJson = string.Empty;
                        }

                        item.Response = committed;
                        break;
                    case { Exception.InnerException: NodeUnavailableException unavailable }:
                        item.ErrorCode = (int)StatusCode.Unavailable;
                        item.ErrorMessage = unavailable.Message;
                        break;
                    case { Exception.InnerException: AdmissionException refused }:
                        item.Response = null;
                        item.ErrorCode = (int)StatusMapping.For(refused.Code, refused.ReasonCode);
                        item.ErrorMessage = $"{refused.Code}: {refused.Message}";
                        break;
                    case { Exception.InnerException: RpcException forwarded }:
                        // refused by the leader this node forwarded it to
                        item.ErrorCode = (int)forwarded.StatusCode;
                        item.ErrorMessage = forwarded.Status.Detail;
                        break;
                    default:
                        await waits[k]; // anything else: let the interceptor report it
                        break;
                }
            }
        }

        return response;
    }

    public virtual Task<EvaluateResponse> Evaluate(EvaluateRequest request, ServerCallContext context)
    {
        var envelope = EnvelopeMapper.ToEnvelope(request.Query, "query");
        var result = queries.Evaluate(ledger, envelope, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!result.IsSuccess)
        {
            throw new AdmissionException(result.Code, result.Reason, result.ReasonCode);
        }

        return Task.FromResult(new EvaluateResponse { ResultJson = result.Result, Height = result.Height });
    }

    /// <summary>The commit wait a request asks for: 0 is the node's default; more than ten minutes is refused.</summary>
    private TimeSpan CommitTimeout(uint timeoutMs)
    {
        if (timeoutMs > MaxCommitTimeoutMs)
        {
            throw StatusMapping.InvalidArgument("timeout_ms", $"timeout_ms must be at most {MaxCommitTimeoutMs} (0 for the node's default)");
        }

        return TimeSpan.FromMilliseconds(timeoutMs == 0 ? ordering.Value.DefaultCommitTimeoutMs : timeoutMs);
    }

    private async Task<SubmitResponse> WaitAsync(PendingTransaction pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
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
