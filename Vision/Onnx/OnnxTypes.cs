namespace EmoteCare.Vision.Onnx;

/// <summary>Tensor element types (ONNXTensorElementDataType); only <see cref="Float"/> tensors can be fed by this binding.</summary>
public enum OnnxElementType
{
    /// <summary>Not a tensor, or an unknown type.</summary>
    Undefined = 0,

    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,

    /// <summary>String.</summary>
    String = 8,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>IEEE half precision.</summary>
    Float16 = 10,

    /// <summary>64-bit float.</summary>
    Double = 11,
}

/// <summary>ORT graph optimisation levels (GraphOptimizationLevel).</summary>
public enum OnnxGraphOptimizationLevel
{
    /// <summary>No graph rewrites.</summary>
    DisableAll = 0,

    /// <summary>Constant folding and redundant-node removal only.</summary>
    Basic = 1,

    /// <summary>Basic plus operator fusions.</summary>
    Extended = 2,

    /// <summary>Everything, including layout optimisations; roughly 3x faster than Basic for the emotion models.</summary>
    All = 99,
}

/// <summary>Options for a new <see cref="OnnxSession"/>.</summary>
public sealed record OnnxSessionOptions
{
    /// <summary>
    /// Threads ORT may use inside one operator. Default 1: the pipeline runs one worker per core, and a
    /// second ORT thread would spin and take CPU from face detection.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Graph optimisation level; keep <see cref="OnnxGraphOptimizationLevel.All"/> outside experiments.</summary>
    public OnnxGraphOptimizationLevel GraphOptimization { get; init; } = OnnxGraphOptimizationLevel.All;
}

/// <summary>Name, element type and shape of a model input or output; dynamic dimensions are -1.</summary>
/// <param name="Name">The graph's name for the tensor.</param>
/// <param name="ElementType">The element type, <see cref="OnnxElementType.Undefined"/> for non-tensors.</param>
/// <param name="Shape">The dimensions; -1 marks a dynamic (symbolic) dimension such as the batch axis.</param>
public sealed record OnnxTensorInfo(string Name, OnnxElementType ElementType, IReadOnlyList<long> Shape);
