using System.Runtime.InteropServices;

namespace EmoteCare.Vision.Onnx;

/// <summary>
/// An ONNX Runtime inference session over a model file. Runs are thread-safe in ORT, but an
/// <see cref="OnnxOutputs"/> holds one run's results, so each thread needs its own.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private const int MaxRank = 16;

    private readonly OrtApi _api;
    private readonly OrtSessionHandle _session;
    // Input names, then output names: the native strings ORT's Run takes.
    private readonly Utf8StringArrayHandle _names;

    private OnnxSession(OrtApi api, OrtSessionHandle session, string modelPath)
    {
        _api = api;
        _session = session;
        ModelPath = modelPath;
        Inputs = ReadTensorInfos(isInput: true);
        Outputs = ReadTensorInfos(isInput: false);
        _names = new Utf8StringArrayHandle(Inputs.Concat(Outputs).Select(i => i.Name).ToArray());
    }

    /// <summary>Version of the loaded ONNX Runtime library, e.g. "1.30.0".</summary>
    public static string RuntimeVersion => OrtApi.Instance.Version;

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
        var api = OrtApi.Instance;

        nint rawOptions;
        api.Check(api.CreateSessionOptions(&rawOptions));
        using var sessionOptions = new OrtSessionOptionsHandle(api, rawOptions);
        api.Check(api.SetIntraOpNumThreads(rawOptions, options.IntraOpThreads));
        api.Check(api.SetInterOpNumThreads(rawOptions, 1));
        api.Check(api.SetSessionGraphOptimizationLevel(rawOptions, (int)options.GraphOptimization));

        var path = Marshal.StringToCoTaskMemUTF8(modelPath);
        try
        {
            nint rawSession;
            api.Check(api.CreateSession(api.Environment.DangerousGetHandle(), (byte*)path, rawOptions, &rawSession));
            var session = new OrtSessionHandle(api, rawSession);
            try
            {
                return new OnnxSession(api, session, modelPath);
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }
    }

    /// <summary>Creates a reusable holder for the named outputs (all outputs when none are named).</summary>
    public OnnxOutputs CreateOutputs(params string[] outputNames)
    {
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        var indices = outputNames.Length == 0
            ? Enumerable.Range(0, Outputs.Count).ToArray()
            : outputNames.Select(name => IndexOf(Outputs, name, "output")).ToArray();
        return new OnnxOutputs(this, indices);
    }

    /// <summary>
    /// Runs the model on one float input read straight from <paramref name="input"/> (no copy: ORT wraps
    /// the caller's memory for the duration of the call). Results land in <paramref name="outputs"/>,
    /// replacing the previous run's. <paramref name="inputShape"/>'s element count must equal the span length.
    /// </summary>
    public void Run(string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, OnnxOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!ReferenceEquals(outputs.Session, this))
        {
            throw new ArgumentException("These outputs were created by another session.", nameof(outputs));
        }

        var inputIndex = IndexOf(Inputs, inputName, "input");
        var info = Inputs[inputIndex];
        if (info.ElementType != OnnxElementType.Float)
        {
            throw new ArgumentException($"Input '{inputName}' of {ModelPath} holds {info.ElementType}, not Float.", nameof(inputName));
        }

        long elements = 1;
        foreach (var dimension in inputShape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(inputShape));
            elements *= dimension;
        }

        if (elements != input.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(",", inputShape.ToArray())}] holds {elements} elements but the input has {input.Length}.", nameof(inputShape));
        }

        var addedSession = false;
        var addedNames = false;
        var addedOutputs = false;
        nint value = 0;
        try
        {
            _session.DangerousAddRef(ref addedSession);
            _names.DangerousAddRef(ref addedNames);
            outputs.Values.DangerousAddRef(ref addedOutputs);
            outputs.Values.ReleaseValues();
            fixed (float* data = input)
            fixed (long* shape = inputShape)
            {
                _api.Check(_api.CreateTensorWithDataAsOrtValue(
                    _api.CpuMemory.DangerousGetHandle(), data, (nuint)(input.Length * sizeof(float)), shape,
                    (nuint)inputShape.Length, OnnxElementType.Float, &value));
                _api.Check(_api.Run(
                    _session.DangerousGetHandle(), 0, _names.Pointers + inputIndex, &value, 1,
                    outputs.Values.NameSlots, (nuint)outputs.Count, outputs.Values.Slots));
            }
        }
        finally
        {
            // The input value only wraps the caller's pinned span, so it must not outlive this call.
            if (value != 0)
            {
                _api.ReleaseValue(value);
            }

            if (addedOutputs)
            {
                outputs.Values.DangerousRelease();
            }

            if (addedNames)
            {
                _names.DangerousRelease();
            }

            if (addedSession)
            {
                _session.DangerousRelease();
            }
        }
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _names.Dispose();
    }

    internal nint OutputNamePointer(int index) => _names.Pointers[Inputs.Count + index];

    /// <summary>Reads the element type and shape behind an OrtTensorTypeAndShapeInfo*.</summary>
    internal static (OnnxElementType Type, long[] Shape) ReadTensorShape(OrtApi api, nint tensorInfo)
    {
        OnnxElementType type;
        api.Check(api.GetTensorElementType(tensorInfo, &type));
        nuint rank;
        api.Check(api.GetDimensionsCount(tensorInfo, &rank));
        if (rank > MaxRank)
        {
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, $"tensor rank {rank} exceeds {MaxRank}");
        }

        var shape = new long[(int)rank];
        fixed (long* dims = shape)
        {
            api.Check(api.GetDimensions(tensorInfo, dims, rank));
        }

        return (type, shape);
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

    private OnnxTensorInfo[] ReadTensorInfos(bool isInput)
    {
        var session = _session.DangerousGetHandle();
        nuint count;
        _api.Check(isInput ? _api.SessionGetInputCount(session, &count) : _api.SessionGetOutputCount(session, &count));
        var infos = new OnnxTensorInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            _api.Check(isInput
                ? _api.SessionGetInputName(session, i, _api.DefaultAllocator, &rawName)
                : _api.SessionGetOutputName(session, i, _api.DefaultAllocator, &rawName));
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((nint)rawName) ?? string.Empty;
            }
            finally
            {
                _api.Check(_api.AllocatorFree(_api.DefaultAllocator, rawName));
            }

            nint rawTypeInfo;
            _api.Check(isInput
                ? _api.SessionGetInputTypeInfo(session, i, &rawTypeInfo)
                : _api.SessionGetOutputTypeInfo(session, i, &rawTypeInfo));
            using var typeInfo = new OrtTypeInfoHandle(_api, rawTypeInfo);
            nint tensorInfo;
            _api.Check(_api.CastTypeInfoToTensorInfo(rawTypeInfo, &tensorInfo));
            // The cast result belongs to the type info; it is null for maps, sequences and other non-tensors.
            var (type, shape) = tensorInfo == 0 ? (OnnxElementType.Undefined, []) : ReadTensorShape(_api, tensorInfo);
            infos[(int)i] = new OnnxTensorInfo(name, type, shape);
        }

        return infos;
    }
}
