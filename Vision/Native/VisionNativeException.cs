namespace EmoteCare.Vision.Native;

/// <summary>A failure reported by the OpenCV shim (native/), with the shim's status and message.</summary>
public sealed class VisionNativeException : Exception
{
    /// <summary>Creates the exception for a failed shim operation.</summary>
    public VisionNativeException(string operation, string status, string nativeMessage)
        : base($"{operation} failed ({status}): {nativeMessage}")
    {
        Status = status;
        NativeMessage = nativeMessage;
    }

    /// <summary>The shim's status name, e.g. "IoError".</summary>
    public string Status { get; }

    /// <summary>The shim's message.</summary>
    public string NativeMessage { get; }
}
