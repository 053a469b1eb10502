using System.Text.RegularExpressions;

namespace EmoteCare.Vision.Onnx;

/// <summary>ONNX Runtime's error codes (OrtErrorCode in onnxruntime_c_api.h); newer runtimes may return higher values.</summary>
public enum OrtErrorCode
{
    /// <summary>No error.</summary>
    Ok = 0,

    /// <summary>Unspecified failure.</summary>
    Fail = 1,

    /// <summary>An argument (input name, shape, type) was invalid.</summary>
    InvalidArgument = 2,

    /// <summary>A file (usually the model) does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model was loaded.</summary>
    NoModel = 4,

    /// <summary>An execution provider failed.</summary>
    EngineError = 5,

    /// <summary>An exception was raised while running the graph.</summary>
    RuntimeException = 6,

    /// <summary>The model file is not a valid ONNX protobuf.</summary>
    InvalidProtobuf = 7,

    /// <summary>The model was already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The operation is not implemented.</summary>
    NotImplemented = 9,

    /// <summary>The graph is invalid (e.g. an unsupported operator).</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}

/// <summary>An error reported by ONNX Runtime, with its error code and message.</summary>
public sealed partial class OnnxRuntimeException : Exception
{
    /// <summary>Creates an exception for an ORT status.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : this(errorCode, message, null)
    {
    }

    private OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception? inner)
        : base($"ONNX Runtime error {errorCode}: {message}", inner)
    {
        ErrorCode = errorCode;
        OrtMessage = message;
    }

    /// <summary>The code ORT returned.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ORT's own message, without the code prefix.</summary>
    public string OrtMessage { get; }

    /// <summary>
    /// Wraps the package's exception so callers see one exception type with a code. The package keeps its code
    /// internal and only prints it as the "[ErrorCode:Name] " prefix of the message.
    /// </summary>
    internal static OnnxRuntimeException From(Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
    {
        var match = CodePrefix().Match(e.Message);
        return match.Success
            ? new OnnxRuntimeException(Enum.TryParse<OrtErrorCode>(match.Groups[1].Value, out var code) ? code : OrtErrorCode.Fail, match.Groups[2].Value, e)
            : new OnnxRuntimeException(OrtErrorCode.Fail, e.Message, e);
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\] (.*)$", RegexOptions.Singleline)]
    private static partial Regex CodePrefix();
}
