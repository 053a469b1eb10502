namespace EmoteCare.Runtime.Core;

/// <summary>
/// The activations waiting, one on the next, for a call to finish. A non-reentrant activation that finds itself in the
/// chain of an incoming call would wait on itself forever, so the call fails at once instead.
/// </summary>
internal sealed class CallChain(ActivationData activation, CallChain? next)
{
    public ActivationData Activation { get; } = activation;

    public CallChain? Next { get; } = next;

    /// <summary>The chain a call made now carries: the running activation and whatever waits on its current request.</summary>
    public static CallChain? FromCurrentTurn()
    {
        var current = ActivationData.Running;
        return current is null ? null : new CallChain(current, current.UpstreamChain);
    }

    public bool Contains(ActivationData activation)
    {
        for (var link = this; link is not null; link = link.Next)
        {
            if (ReferenceEquals(link.Activation, activation))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString()
    {
        var names = new List<string>();
        for (var link = this; link is not null; link = link.Next)
        {
            names.Add(link.Activation.GrainId.ToString());
        }

        names.Reverse();
        return string.Join(" -> ", names);
    }
}
