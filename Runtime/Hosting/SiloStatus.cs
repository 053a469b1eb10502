namespace EmoteCare.Runtime.Hosting;

/// <summary>Whether the silo is serving: storage prepared and runtime started, and not yet stopping. Health checks read it.</summary>
public sealed class SiloStatus
{
    private volatile bool _isReady;

    /// <summary>True between a successful start and the beginning of shutdown.</summary>
    public bool IsReady => _isReady;

    internal void SetReady(bool ready) => _isReady = ready;
}
