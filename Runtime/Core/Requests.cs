using System.Diagnostics;

namespace EmoteCare.Runtime.Core;

/// <summary>Work admitted into an activation: a grain call or a timer tick.</summary>
internal interface IRequest
{
    /// <summary>The activation running the request; set on admission.</summary>
    ActivationData? Target { get; set; }

    /// <summary>Activations upstream that are waiting for this request, for cycle detection.</summary>
    CallChain? Chain { get; }

    bool IsReadOnly { get; }

    bool AlwaysInterleave { get; }

    /// <summary>Whether a deactivating activation hands the request to its successor (calls yes, timer ticks no).</summary>
    GrainReference? ForwardTo { get; }

    long CreatedTimestamp { get; }

    bool IsDone { get; }

    string Describe();

    /// <summary>Runs the request's code inside the activation's turn.</summary>
    Task? Execute(object grain);

    /// <summary>Hands the outcome to whoever waits for it.</summary>
    void Complete(Task? execution);

    /// <summary>Fails the request if nobody has completed it yet.</summary>
    bool TryFail(Exception exception);
}

/// <summary>A call through a grain reference; the caller awaits <see cref="TaskCompletionSource{TResult}.Task"/>.</summary>
internal sealed class MethodRequest<TResult>(GrainReference reference, MethodDescriptor method, object?[] args)
    : TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), IRequest
{
    public ActivationData? Target { get; set; }

    public CallChain? Chain { get; } = CallChain.FromCurrentTurn();

    public bool IsReadOnly => method.IsReadOnly;

    public bool AlwaysInterleave => method.AlwaysInterleave;

    public GrainReference? ForwardTo => reference;

    public long CreatedTimestamp { get; } = Stopwatch.GetTimestamp();

    public bool IsDone => Task.IsCompleted;

    public string Describe() => $"{reference.GrainId} {method.Name}";

    public Task? Execute(object grain) => method.Invoke(grain, args);

    public void Complete(Task? execution)
    {
        switch (execution)
        {
            case null:
                TrySetResult(default!);
                break;
            case { IsCompletedSuccessfully: true }:
                TrySetResult(execution is Task<TResult> typed ? typed.Result : default!);
                break;
            case { IsCanceled: true }:
                TrySetCanceled();
                break;
            default:
                TrySetException(execution.Exception!.InnerExceptions.Count == 1 ? execution.Exception.InnerException! : execution.Exception);
                break;
        }
    }

    public bool TryFail(Exception exception) => TrySetException(exception);
}
