using System.Diagnostics;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision;
using EmoteCare.Vision.Classification;

namespace EmoteCare.Evaluate;

/// <summary>
/// Decodes labelled face images the way the product does (the shim's grayscale decode, resized to the
/// model input when needed) and classifies them in batches with the product's <see cref="EmotionClassifier"/>.
/// </summary>
internal sealed class FaceEvaluator
{
    // Larger images are refused from their header; face crops are small, and this bounds memory on odd inputs.
    private const int MaxImageSide = 4096;

    private readonly EmotionClassifier _classifier;
    private readonly int _batchSize;
    private readonly bool _flip;
    private readonly int[] _emotionIndexOfClass;

    /// <param name="classifier">The classifier; its sidecar's class order is the order of every result (and of the folder's class names).</param>
    /// <param name="batchSize">Faces per ORT call (with <paramref name="flip"/>, each call also carries the mirrors).</param>
    /// <param name="flip">Average each face's probabilities with its left-right mirror's.</param>
    public FaceEvaluator(EmotionClassifier classifier, int batchSize, bool flip)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _classifier = classifier;
        _batchSize = batchSize;
        _flip = flip;
        // The classifier hands back probabilities in Emotion order; results are reported in sidecar order.
        _emotionIndexOfClass = classifier.Model.Classes.Select(e => (int)e).ToArray();
    }

    public EvaluationResult Evaluate(FaceFolder folder)
    {
        var width = _classifier.InputWidth;
        var height = _classifier.InputHeight;
        var cropSize = width * height;
        var views = _flip ? 2 : 1;
        var crops = new byte[_batchSize * views * cropSize];
        var probabilities = new float[_batchSize * views * Emotions.Count];
        var labels = new int[_batchSize];
        var decoded = Array.Empty<byte>();
        var result = new EvaluationResult(folder.ClassNames, _flip, _batchSize);

        // The first ORT run at a batch size allocates its buffers; keep that out of the per-face time.
        _classifier.Classify(crops, _batchSize * views, probabilities);

        var pending = 0;
        var readTime = TimeSpan.Zero;
        var decodeTime = TimeSpan.Zero;
        var classifyTime = TimeSpan.Zero;
        foreach (var image in folder.Images)
        {
            var started = Stopwatch.GetTimestamp();
            var bytes = TryRead(image.Path, out var error);
            var read = Stopwatch.GetTimestamp();
            var crop = crops.AsSpan(pending * cropSize, cropSize);
            if (bytes is not null && TryDecode(bytes, ref decoded, crop, out error))
            {
                if (_flip)
                {
                    Mirror(crop, crops.AsSpan((_batchSize + pending) * cropSize, cropSize), width);
                }

                labels[pending++] = image.ClassIndex;
            }
            else
            {
                result.AddUnreadable(image, error!);
            }

            readTime += Stopwatch.GetElapsedTime(started, read);
            decodeTime += Stopwatch.GetElapsedTime(read);
            if (pending == _batchSize)
            {
                classifyTime += ClassifyBatch(crops, pending, probabilities, labels, result);
                pending = 0;
            }
        }

        if (pending > 0)
        {
            classifyTime += ClassifyBatch(crops, pending, probabilities, labels, result);
        }

        result.ReadTime = readTime;
        result.DecodeTime = decodeTime;
        result.ClassifyTime = classifyTime;
        return result;
    }

    private static byte[]? TryRead(string path, out string? error)
    {
        try
        {
            error = null;
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    private bool TryDecode(byte[] bytes, ref byte[] decoded, Span<byte> crop, out string? error)
    {
        if (!GrayImages.TryDecode(bytes, MaxImageSide, MaxImageSide, ref decoded, out var width, out var height, out error))
        {
            return false;
        }

        if (width == _classifier.InputWidth && height == _classifier.InputHeight)
        {
            decoded.AsSpan(0, crop.Length).CopyTo(crop);
        }
        else
        {
            // Area averaging when shrinking (what the pipeline does to face crops), bilinear when enlarging.
            // Training resizes with Pillow's bilinear filter, so off-size images may score a little differently;
            // FER2013's are already 48x48 and take the copy above.
            var shrinking = width > _classifier.InputWidth || height > _classifier.InputHeight;
            GrayImages.Resize(
                new GrayImageView(decoded.AsSpan(0, width * height), width, height), new PixelRect(0, 0, width, height), crop,
                _classifier.InputWidth, _classifier.InputHeight, shrinking ? GrayInterpolation.Area : GrayInterpolation.Linear);
        }

        return true;
    }

    private static void Mirror(ReadOnlySpan<byte> source, Span<byte> destination, int width)
    {
        for (var row = 0; row < source.Length; row += width)
        {
            source.Slice(row, width).CopyTo(destination.Slice(row, width));
            destination.Slice(row, width).Reverse();
        }
    }

    private TimeSpan ClassifyBatch(byte[] crops, int count, float[] probabilities, int[] labels, EvaluationResult result)
    {
        var cropSize = _classifier.InputWidth * _classifier.InputHeight;
        if (_flip && count < _batchSize)
        {
            // Mirrors sit at [batchSize, batchSize + count); close the gap so one call covers both views.
            crops.AsSpan(_batchSize * cropSize, count * cropSize).CopyTo(crops.AsSpan(count * cropSize));
        }

        var views = _flip ? 2 : 1;
        var started = Stopwatch.GetTimestamp();
        _classifier.Classify(crops, count * views, probabilities);
        var elapsed = Stopwatch.GetElapsedTime(started);
        result.OrtCalls += 1 + (((count * views) - 1) / _classifier.MaxBatch);

        Span<float> classProbabilities = stackalloc float[_emotionIndexOfClass.Length];
        for (var face = 0; face < count; face++)
        {
            for (var c = 0; c < _emotionIndexOfClass.Length; c++)
            {
                var p = probabilities[(face * Emotions.Count) + _emotionIndexOfClass[c]];
                if (_flip)
                {
                    p = (p + probabilities[((count + face) * Emotions.Count) + _emotionIndexOfClass[c]]) / 2;
                }

                classProbabilities[c] = p;
            }

            result.Add(labels[face], ArgMax(classProbabilities));
        }

        return elapsed;
    }

    /// <summary>The first class with the highest probability (ties go to the earlier class, like numpy's argmax).</summary>
    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
