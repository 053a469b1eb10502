using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmoteCare.Vision.Onnx;

/// <summary>
/// An ONNX Runtime inference session over a model file. Runs are thread-safe in ORT, but an
/// <see cref="OnnxOutputs"/> holds one worker's buffers and results, so each thread needs its own.
/// </summary>
public sealed class OnnxSession : IDisposable
{
    private readonly InferenceSession _session;
    // One per session: ORT only reads it during a run, so concurrent runs may share it.
    private readonly RunOptions _runOptions = new();
    private bool _disposed;

    private OnnxSession(InferenceSession session, string modelPath)
    {
        _session = session;
        ModelPath = modelPath;
        Inputs = session.InputNames.Select(name => Describe(name, session.InputMetadata[name])).ToArray();
        Outputs = session.OutputNames.Select(name => Describe(name, session.OutputMetadata[name])).ToArray();
    }

    /// <summary>Version of the loaded ONNX Runtime library, e.g. "1.31.1".</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>The model file this session was created from.</summary>
    public string ModelPath { get; }

    /// <summary>The model's inputs in graph order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>The model's outputs in graph order.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>Loads a model; ORT failures (missing file, invalid model) throw <see cref="OnnxRuntimeException"/>.</summary>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        options ??= new OnnxSessionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        // ORT copies the options into the session, so they can go once it exists.
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                OnnxGraphOptimizationLevel.DisableAll => GraphOptimizationLevel.ORT_DISABLE_ALL,
                OnnxGraphOptimizationLevel.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxGraphOptimizationLevel.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw OnnxRuntimeException.From(e);
        }

        try
        {
            return new OnnxSession(session, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Creates a reusable holder for the named outputs (all outputs when none are named).</summary>
    public OnnxOutputs CreateOutputs(params string[] outputNames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var indices = outputNames.Length == 0
            ? Enumerable.Range(0, Outputs.Count).ToArray()
            : outputNames.Select(name => IndexOf(Outputs, name, "output")).ToArray();
        return new OnnxOutputs(this, indices);
    }

    /// <summary>
    /// Runs the model on one float input copied from <paramref name="input"/> into the holder's pinned buffer.
    /// Results land in <paramref name="outputs"/>, replacing the previous run's. <paramref name="inputShape"/>'s
    /// element count must equal the span length.
    /// </summary>
    public void Run(string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, OnnxOutputs outputs)
    {
        long elements = 1;
        foreach (var dimension in inputShape)
        {
            elements *= dimension;
        }

        if (elements != input.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(",", inputShape.ToArray())}] holds {elements} elements but the input has {input.Length}.", nameof(inputShape));
        }

        input.CopyTo(PrepareInput(inputName, inputShape, outputs));
        RunPrepared(outputs);
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>
    /// Makes <paramref name="outputs"/> ready to run <paramref name="inputName"/> with <paramref name="inputShape"/>
    /// and returns the pinned buffer ORT will read: callers write the input there, then call <see cref="RunPrepared"/>.
    /// </summary>
    internal Span<float> PrepareInput(string inputName, ReadOnlySpan<long> inputShape, OnnxOutputs outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(outputs);
        if (!ReferenceEquals(outputs.Session, this))
        {
            throw new ArgumentException("These outputs were created by another session.", nameof(outputs));
        }

        var info = Inputs[IndexOf(Inputs, inputName, "input")];
        if (info.ElementType != OnnxElementType.Float)
        {
            throw new ArgumentException($"Input '{inputName}' of {ModelPath} holds {info.ElementType}, not Float.", nameof(inputName));
        }

        foreach (var dimension in inputShape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(inputShape));
        }

        return outputs.Prepare(inputName, inputShape);
    }

    /// <summary>Runs the binding that <see cref="PrepareInput"/> made current in <paramref name="outputs"/>.</summary>
    internal void RunPrepared(OnnxOutputs outputs)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        outputs.RunPending(this);
    }

    /// <summary>One run through <paramref name="binding"/>; ORT errors become <see cref="OnnxRuntimeException"/>.</summary>
    internal void RunWithBinding(OrtIoBinding binding)
    {
        try
        {
            _session.RunWithBinding(_runOptions, binding);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw OnnxRuntimeException.From(e);
        }
    }

    internal OrtIoBinding CreateIoBinding() => _session.CreateIoBinding();

    private static OnnxTensorInfo Describe(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return new OnnxTensorInfo(name, OnnxElementType.Undefined, []);
        }

        var type = metadata.ElementDataType is >= TensorElementType.Float and <= TensorElementType.Double
            ? (OnnxElementType)(int)metadata.ElementDataType
            : OnnxElementType.Undefined;
        return new OnnxTensorInfo(name, type, metadata.Dimensions.Select(d => (long)d).ToArray());
    }

    private static int IndexOf(IReadOnlyList<OnnxTensorInfo> infos, string name, string kind)
    {
        for (var i = 0; i < infos.Count; i++)
        {
            if (string.Equals(infos[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException(
            $"The model has no {kind} named '{name}'; its {kind}s are: {string.Join(", ", infos.Select(i => $"'{i.Name}'"))}.",
            nameof(name));
    }
}
