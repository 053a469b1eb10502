using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EmoteCare.Vision.Onnx;

/// <summary>
/// One worker's run state for an <see cref="OnnxSession"/>: a pinned input buffer, a pinned buffer per
/// requested output, and an ORT I/O binding per input shape seen, which wraps those buffers in
/// <c>OrtValue</c>s once. A run with a shape seen before allocates nothing, managed or native. Spans it
/// hands out point into its buffers and stay valid until the next run or <see cref="Dispose"/>. Not thread-safe.
/// </summary>
public sealed class OnnxOutputs : IDisposable
{
    // Shapes beyond this many (a dynamic model fed many sizes) start the cache over rather than grow it.
    private const int MaxBindings = 128;

    private readonly int[] _outputIndices;
    private readonly float[][] _outputBuffers;
    private readonly List<ShapeBinding> _bindings = [];
    private float[] _input = [];
    private ShapeBinding? _pending;
    private ShapeBinding? _latest;
    private bool _disposed;

    internal OnnxOutputs(OnnxSession session, int[] outputIndices)
    {
        Session = session;
        _outputIndices = outputIndices;
        _outputBuffers = new float[outputIndices.Length][];
        Array.Fill(_outputBuffers, []);
    }

    /// <summary>Number of outputs this holder requests.</summary>
    public int Count => _outputIndices.Length;

    internal OnnxSession Session { get; }

    /// <summary>The model output name at <paramref name="index"/> of this holder.</summary>
    public string Name(int index) => Session.Outputs[_outputIndices[index]].Name;

    /// <summary>The float data of output <paramref name="index"/> from the latest run.</summary>
    public ReadOnlySpan<float> GetFloats(int index)
    {
        var latest = Latest(index);
        return _outputBuffers[index].AsSpan(0, latest.OutputLengths[index]);
    }

    /// <summary>Writes the shape of output <paramref name="index"/> into <paramref name="shape"/> and returns its rank.</summary>
    public int GetShape(int index, Span<long> shape)
    {
        var dimensions = Latest(index).OutputShapes[index];
        if (dimensions.Length > shape.Length)
        {
            throw new ArgumentException($"Output '{Name(index)}' has rank {dimensions.Length}; the span holds {shape.Length}.", nameof(shape));
        }

        dimensions.CopyTo(shape);
        return dimensions.Length;
    }

    /// <summary>Releases the native values and bindings.</summary>
    public void Dispose()
    {
        _disposed = true;
        ClearBindings();
    }

    /// <summary>Selects (creating on first use) the binding for this input and shape; returns its input buffer.</summary>
    internal Span<float> Prepare(string inputName, ReadOnlySpan<long> shape)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _latest = null;
        _pending = null;
        ShapeBinding? binding = null;
        foreach (var candidate in _bindings)
        {
            if (candidate.InputName == inputName && shape.SequenceEqual(candidate.InputShape))
            {
                binding = candidate;
                break;
            }
        }

        binding ??= Create(inputName, shape);
        _pending = binding;
        return _input.AsSpan(0, binding.InputLength);
    }

    internal void RunPending(OnnxSession session)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var binding = _pending ?? throw new InvalidOperationException("No input was prepared for this run.");
        session.RunWithBinding(binding.IoBinding);
        _latest = binding;
    }

    private ShapeBinding Latest(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _latest ?? throw new InvalidOperationException("No run has filled these outputs yet.");
    }

    /// <summary>
    /// Binds a new input shape. Output shapes follow from the input's, so one run with outputs that ORT
    /// allocates finds them; then the outputs are rebound to this holder's pinned buffers.
    /// </summary>
    private ShapeBinding Create(string inputName, ReadOnlySpan<long> shape)
    {
        var inputLength = 1L;
        foreach (var dimension in shape)
        {
            inputLength *= dimension;
        }

        if (_bindings.Count >= MaxBindings || _input.Length < inputLength)
        {
            // Every cached binding wraps the current buffers; they must go before the buffers are replaced.
            ClearBindings();
        }

        if (_input.Length < inputLength)
        {
            _input = GC.AllocateArray<float>(checked((int)inputLength), pinned: true);
        }

        var binding = new ShapeBinding(inputName, shape.ToArray(), (int)inputLength, Count, Session.CreateIoBinding());
        try
        {
            binding.InputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, binding.InputLength), binding.InputShape);
            binding.IoBinding.BindInput(inputName, binding.InputValue);
            for (var i = 0; i < Count; i++)
            {
                binding.IoBinding.BindOutputToDevice(Name(i), OrtMemoryInfo.DefaultInstance);
            }

            Session.RunWithBinding(binding.IoBinding);
            using (var produced = binding.IoBinding.GetOutputValues())
            {
                for (var i = 0; i < Count; i++)
                {
                    var info = produced[i].GetTensorTypeAndShape();
                    if (info.ElementDataType != TensorElementType.Float)
                    {
                        throw new InvalidDataException($"Output '{Name(i)}' of {Session.ModelPath} holds {info.ElementDataType}, not Float.");
                    }

                    binding.OutputShapes[i] = info.Shape;
                    binding.OutputLengths[i] = checked((int)info.ElementCount);
                }
            }

            binding.IoBinding.ClearBoundOutputs();
            for (var i = 0; i < Count; i++)
            {
                if (_outputBuffers[i].Length < binding.OutputLengths[i])
                {
                    ClearBindings();
                    _outputBuffers[i] = GC.AllocateArray<float>(binding.OutputLengths[i], pinned: true);
                }

                binding.OutputValues[i] = OrtValue.CreateTensorValueFromMemory(
                    OrtMemoryInfo.DefaultInstance, _outputBuffers[i].AsMemory(0, binding.OutputLengths[i]), binding.OutputShapes[i]);
                binding.IoBinding.BindOutput(Name(i), binding.OutputValues[i]);
            }
        }
        catch
        {
            binding.Dispose();
            throw;
        }

        _bindings.Add(binding);
        return binding;
    }

    private void ClearBindings()
    {
        foreach (var binding in _bindings)
        {
            binding.Dispose();
        }

        _bindings.Clear();
        _pending = null;
        _latest = null;
    }

    /// <summary>The ORT values and binding for one input shape; the buffers they wrap belong to the holder.</summary>
    private sealed class ShapeBinding(string inputName, long[] inputShape, int inputLength, int outputs, OrtIoBinding ioBinding) : IDisposable
    {
        public string InputName { get; } = inputName;

        public long[] InputShape { get; } = inputShape;

        public int InputLength { get; } = inputLength;

        public OrtIoBinding IoBinding { get; } = ioBinding;

        public OrtValue? InputValue { get; set; }

        public OrtValue?[] OutputValues { get; } = new OrtValue?[outputs];

        public long[][] OutputShapes { get; } = new long[outputs][];

        public int[] OutputLengths { get; } = new int[outputs];

        public void Dispose()
        {
            IoBinding.Dispose();
            InputValue?.Dispose();
            foreach (var value in OutputValues)
            {
                value?.Dispose();
            }
        }
    }
}
