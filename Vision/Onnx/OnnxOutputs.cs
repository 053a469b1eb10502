namespace EmoteCare.Vision.Onnx;

/// <summary>
/// Holds the outputs of the latest <see cref="OnnxSession.Run"/> made with it. Spans it hands out
/// point into ORT-owned memory and stay valid only until the next run or <see cref="Dispose"/>.
/// Reusing one instance per worker keeps runs free of managed allocations. Not thread-safe.
/// </summary>
public sealed unsafe class OnnxOutputs : IDisposable
{
    private readonly int[] _outputIndices;

    internal OnnxOutputs(OnnxSession session, int[] outputIndices)
    {
        Session = session;
        _outputIndices = outputIndices;
        Values = new OrtValueArrayHandle(OrtApi.Instance, outputIndices.Length);
        for (var i = 0; i < outputIndices.Length; i++)
        {
            Values.NameSlots[i] = session.OutputNamePointer(outputIndices[i]);
        }
    }

    /// <summary>Number of outputs this holder requests.</summary>
    public int Count => _outputIndices.Length;

    internal OnnxSession Session { get; }

    internal OrtValueArrayHandle Values { get; }

    /// <summary>The model output name at <paramref name="index"/> of this holder.</summary>
    public string Name(int index) => Session.Outputs[_outputIndices[index]].Name;

    /// <summary>The float data of output <paramref name="index"/> from the latest run.</summary>
    public ReadOnlySpan<float> GetFloats(int index)
    {
        var api = OrtApi.Instance;
        var value = ValueAt(index);
        nint shapeInfo;
        api.Check(api.GetTensorTypeAndShape(value, &shapeInfo));
        nuint elements;
        OnnxElementType type;
        try
        {
            api.Check(api.GetTensorElementType(shapeInfo, &type));
            api.Check(api.GetTensorShapeElementCount(shapeInfo, &elements));
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(shapeInfo);
        }

        if (type != OnnxElementType.Float)
        {
            throw new InvalidOperationException($"Output '{Name(index)}' holds {type}, not Float.");
        }

        void* data;
        api.Check(api.GetTensorMutableData(value, &data));
        return new ReadOnlySpan<float>(data, checked((int)elements));
    }

    /// <summary>Writes the shape of output <paramref name="index"/> into <paramref name="shape"/> and returns its rank.</summary>
    public int GetShape(int index, Span<long> shape)
    {
        var api = OrtApi.Instance;
        var value = ValueAt(index);
        nint shapeInfo;
        api.Check(api.GetTensorTypeAndShape(value, &shapeInfo));
        try
        {
            nuint rank;
            api.Check(api.GetDimensionsCount(shapeInfo, &rank));
            if ((int)rank > shape.Length)
            {
                throw new ArgumentException($"Output '{Name(index)}' has rank {rank}; the span holds {shape.Length}.", nameof(shape));
            }

            fixed (long* dims = shape)
            {
                api.Check(api.GetDimensions(shapeInfo, dims, rank));
            }

            return (int)rank;
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(shapeInfo);
        }
    }

    /// <summary>Releases the latest run's output tensors.</summary>
    public void Dispose()
    {
        Values.Dispose();
    }

    private nint ValueAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        ObjectDisposedException.ThrowIf(Values.IsClosed, this);
        var value = Values.Slots[index];
        if (value == 0)
        {
            throw new InvalidOperationException("No run has filled these outputs yet.");
        }

        return value;
    }
}
