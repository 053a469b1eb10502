using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Onnx;

namespace EmoteCare.Vision.Classification;

/// <summary>
/// Classifies batches of gray face crops into the seven expression classes with ONNX Runtime.
/// Input buffers are reused across calls, so a classifier belongs to one thread at a time.
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    // Runs take at most this many faces: it bounds the pinned input buffer and the I/O bindings (one per batch
    // size), and per-face cost no longer falls beyond a few dozen faces.
    private const int FacesPerRun = 64;

    private readonly OnnxSession _session;
    private readonly OnnxOutputs _outputs;
    private readonly int[] _outputIndexOfEmotion = new int[Emotions.Count];
    private readonly long[] _inputShape;
    private readonly float _pixelScale;
    private readonly float _pixelOffset;

    private EmotionClassifier(OnnxSession session, EmotionModelInfo model)
    {
        _session = session;
        Model = model;
        var input = session.Inputs.FirstOrDefault(i => i.Name == model.InputName)
            ?? throw new InvalidDataException($"{session.ModelPath} has no input '{model.InputName}' (sidecar input_name); inputs: {string.Join(", ", session.Inputs.Select(i => i.Name))}.");
        var output = session.Outputs.FirstOrDefault(o => o.Name == model.OutputName)
            ?? throw new InvalidDataException($"{session.ModelPath} has no output '{model.OutputName}' (sidecar output_name); outputs: {string.Join(", ", session.Outputs.Select(o => o.Name))}.");
        ValidateShapes(session.ModelPath, model, input, output);
        MaxBatch = input.Shape[0] > 0 ? (int)Math.Min(input.Shape[0], FacesPerRun) : FacesPerRun;
        _inputShape = [0, model.Channels, model.InputHeight, model.InputWidth];
        _outputs = session.CreateOutputs(model.OutputName);
        for (var i = 0; i < model.Classes.Count; i++)
        {
            _outputIndexOfEmotion[(int)model.Classes[i]] = i;
        }

        // One multiply-add per pixel maps 0..255 to the model's range and applies any caller-side normalisation.
        var scale = (model.PixelMax - model.PixelMin) / 255f;
        var offset = model.PixelMin;
        if (model.CallerNormalisation is var (mean, std))
        {
            scale /= std;
            offset = (offset - mean) / std;
        }

        _pixelScale = scale;
        _pixelOffset = offset;
    }

    /// <summary>The sidecar description of the model.</summary>
    public EmotionModelInfo Model { get; }

    /// <summary>Crop width the model takes.</summary>
    public int InputWidth => Model.InputWidth;

    /// <summary>Crop height the model takes.</summary>
    public int InputHeight => Model.InputHeight;

    /// <summary>Most faces one ORT run takes: 64, or the model's fixed batch size when smaller; larger batches are split.</summary>
    public int MaxBatch { get; }

    /// <summary>Opens <paramref name="modelPath"/> with the sidecar JSON beside it.</summary>
    public static EmotionClassifier Open(string modelPath, OnnxSessionOptions? options = null)
    {
        var model = EmotionModelInfo.Load(modelPath);
        var session = OnnxSession.Open(modelPath, options);
        try
        {
            return new EmotionClassifier(session, model);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Classifies <paramref name="count"/> crops stored back to back in <paramref name="crops"/>
    /// (each <see cref="InputWidth"/> x <see cref="InputHeight"/> gray bytes) with one ORT run per
    /// <see cref="MaxBatch"/> faces. Writes <see cref="Emotions.Count"/> probabilities per
    /// face into <paramref name="probabilities"/> in <see cref="Emotion"/> order.
    /// </summary>
    public void Classify(ReadOnlySpan<byte> crops, int count, Span<float> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cropSize = InputWidth * InputHeight;
        if (crops.Length < count * cropSize)
        {
            throw new ArgumentException($"{count} crops need {count * cropSize} bytes, got {crops.Length}.", nameof(crops));
        }

        if (probabilities.Length < count * Emotions.Count)
        {
            throw new ArgumentException($"{count} faces need {count * Emotions.Count} probabilities.", nameof(probabilities));
        }

        for (var start = 0; start < count; start += MaxBatch)
        {
            var batch = Math.Min(MaxBatch, count - start);
            RunBatch(crops.Slice(start * cropSize, batch * cropSize), batch, probabilities.Slice(start * Emotions.Count, batch * Emotions.Count));
        }
    }

    /// <summary>Releases the ORT session.</summary>
    public void Dispose()
    {
        _outputs.Dispose();
        _session.Dispose();
    }

    private static void ValidateShapes(string path, EmotionModelInfo model, OnnxTensorInfo input, OnnxTensorInfo output)
    {
        long[] expected = [-1, model.Channels, model.InputHeight, model.InputWidth];
        if (input.ElementType != OnnxElementType.Float || input.Shape.Count != 4
            || Enumerable.Range(1, 3).Any(d => input.Shape[d] > 0 && input.Shape[d] != expected[d]))
        {
            throw new InvalidDataException(
                $"{path}: input '{input.Name}' is {input.ElementType}[{string.Join(",", input.Shape)}], the sidecar describes float[N,{model.Channels},{model.InputHeight},{model.InputWidth}].");
        }

        if (output.Shape.Count != 2 || (output.Shape[1] > 0 && output.Shape[1] != Emotions.Count))
        {
            throw new InvalidDataException(
                $"{path}: output '{output.Name}' is [{string.Join(",", output.Shape)}], expected [N,{Emotions.Count}].");
        }
    }

    private void RunBatch(ReadOnlySpan<byte> crops, int batch, Span<float> probabilities)
    {
        var channelSize = InputWidth * InputHeight;
        _inputShape[0] = batch;
        // The crops are normalised straight into the pinned buffer ORT reads.
        var tensor = _session.PrepareInput(Model.InputName, _inputShape, _outputs);
        for (var face = 0; face < batch; face++)
        {
            var source = crops.Slice(face * channelSize, channelSize);
            for (var channel = 0; channel < Model.Channels; channel++)
            {
                var target = tensor.Slice(((face * Model.Channels) + channel) * channelSize, channelSize);
                for (var i = 0; i < source.Length; i++)
                {
                    target[i] = (source[i] * _pixelScale) + _pixelOffset;
                }
            }
        }

        _session.RunPrepared(_outputs);
        var scores = _outputs.GetFloats(0);
        if (scores.Length != batch * Emotions.Count)
        {
            throw new InvalidDataException($"{_session.ModelPath} returned {scores.Length} values for {batch} faces.");
        }

        Span<float> ordered = stackalloc float[Emotions.Count];
        for (var face = 0; face < batch; face++)
        {
            var row = scores.Slice(face * Emotions.Count, Emotions.Count);
            for (var e = 0; e < Emotions.Count; e++)
            {
                var score = row[_outputIndexOfEmotion[e]];
                // softmax(log p / T) tempers given probabilities the same way softmax(z / T) tempers logits.
                ordered[e] = Model.Output == EmotionModelOutput.Logits ? score : MathF.Log(MathF.Max(score, 1e-12f));
            }

            Softmax(ordered, Model.Temperature, probabilities.Slice(face * Emotions.Count, Emotions.Count));
        }
    }

    private static void Softmax(ReadOnlySpan<float> scores, float temperature, Span<float> destination)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        var sum = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            destination[i] = MathF.Exp((scores[i] - max) / temperature);
            sum += destination[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            destination[i] /= sum;
        }
    }
}
