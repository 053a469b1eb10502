namespace EmoteCare.Runtime;

/// <summary>A write or clear found a different stored version than the one the grain read: another writer won.</summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public InconsistentStateException() { }
}

/// <summary>A grain could not be activated (its constructor, state read or <c>OnActivateAsync</c> failed). A later call tries again.</summary>
public sealed class GrainActivationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainActivationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public GrainActivationException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public GrainActivationException() { }
}

/// <summary>A call would wait on a non-reentrant grain that is itself waiting further up the same call chain (A calls B calls A).</summary>
public sealed class GrainCallCycleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainCallCycleException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public GrainCallCycleException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public GrainCallCycleException() { }
}
