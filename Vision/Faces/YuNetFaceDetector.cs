using EmoteCare.Vision.Onnx;
using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision.Faces;

/// <summary>Settings of the optional YuNet detector.</summary>
public sealed record YuNetFaceDetectorOptions
{
    /// <summary>
    /// A YuNet ONNX file (2023mar layout: cls/obj/bbox heads at strides 8, 16, 32), e.g. OpenCV Zoo's
    /// face_detection_yunet_2023mar.onnx. Third-party: point at your own copy, never commit it.
    /// </summary>
    public required string ModelPath { get; init; }

    /// <summary>Minimum face score (sqrt of class x objectness).</summary>
    public float ScoreThreshold { get; init; } = 0.6f;

    /// <summary>Overlap above which the lower-scored of two boxes is suppressed.</summary>
    public float NmsThreshold { get; init; } = 0.3f;

    /// <summary>ORT session settings.</summary>
    public OnnxSessionOptions Session { get; init; } = new();
}

/// <summary>
/// Face detection with a YuNet model on ONNX Runtime. A model with a fixed input (640x640) sees the
/// search region letterboxed to that size; a dynamic one sees the region at its own resolution padded
/// to a multiple of 32, so local searches around a tracked face are cheap.
/// </summary>
public sealed class YuNetFaceDetector : IFaceDetector
{
    private const int Divisor = 32;
    private const int MaxCandidates = 2048;
    private static readonly int[] Strides = [8, 16, 32];

    private readonly YuNetFaceDetectorOptions _options;
    private readonly OnnxSession _session;
    private readonly OnnxOutputs _outputs;
    private readonly string _inputName;
    private readonly int _fixedWidth;
    private readonly int _fixedHeight;
    private readonly long[] _shape = [1, 3, 0, 0];
    private readonly PixelRect[] _boxes = new PixelRect[MaxCandidates];
    private readonly float[] _scores = new float[MaxCandidates];
    private byte[] _gray = [];
    private byte[] _resized = [];
    private float[] _tensor = [];

    /// <summary>Opens the model; a model without YuNet's heads is rejected.</summary>
    public YuNetFaceDetector(YuNetFaceDetectorOptions options)
    {
        _options = options;
        _session = OnnxSession.Open(options.ModelPath, options.Session);
        try
        {
            var input = _session.Inputs.Single();
            if (input.Shape.Count != 4 || input.Shape[1] != 3)
            {
                throw new InvalidDataException($"{options.ModelPath}: input [{string.Join(",", input.Shape)}] is not [1,3,H,W].");
            }

            _inputName = input.Name;
            _fixedHeight = (int)input.Shape[2];
            _fixedWidth = (int)input.Shape[3];
            var names = Strides.SelectMany(s => new[] { $"cls_{s}", $"obj_{s}", $"bbox_{s}" }).ToArray();
            _outputs = _session.CreateOutputs(names);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public int Detect(GrayImageView image, FaceSearch search, Span<PixelRect> results)
    {
        var region = search.Region;
        int width, height;
        double scale;
        if (_fixedWidth > 0 && _fixedHeight > 0)
        {
            width = _fixedWidth;
            height = _fixedHeight;
            scale = Math.Min((double)width / region.Width, (double)height / region.Height);
        }
        else
        {
            width = RoundUp(region.Width);
            height = RoundUp(region.Height);
            scale = 1;
        }

        Prepare(image, region, width, height, scale);
        _session.Run(_inputName, _tensor.AsSpan(0, 3 * width * height), _shape, _outputs);
        var candidates = Decode(width, height, region, scale, search);
        return Suppress(candidates, results);
    }

    /// <summary>Releases the ORT session.</summary>
    public void Dispose()
    {
        _outputs.Dispose();
        _session.Dispose();
    }

    private static int RoundUp(int value) => ((value + Divisor - 1) / Divisor) * Divisor;

    /// <summary>Places the (scaled) region at the top-left of a zero canvas and repeats gray on B, G and R.</summary>
    private void Prepare(GrayImageView image, PixelRect region, int width, int height, double scale)
    {
        var plane = width * height;
        if (_gray.Length < plane)
        {
            _gray = new byte[plane];
            _tensor = new float[3 * plane];
        }

        var canvas = _gray.AsSpan(0, plane);
        canvas.Clear();
        var scaledWidth = Math.Min(width, (int)Math.Round(region.Width * scale));
        var scaledHeight = Math.Min(height, (int)Math.Round(region.Height * scale));
        if (scale == 1)
        {
            for (var y = 0; y < region.Height; y++)
            {
                image.Pixels.Slice(((region.Y + y) * image.Stride) + region.X, region.Width).CopyTo(canvas.Slice(y * width));
            }
        }
        else
        {
            if (_resized.Length < scaledWidth * scaledHeight)
            {
                _resized = new byte[scaledWidth * scaledHeight];
            }

            var resized = _resized.AsSpan(0, scaledWidth * scaledHeight);
            GrayResize.Resize(image, region, resized, scaledWidth, scaledHeight, scale < 1 ? InterpolationFlags.Area : InterpolationFlags.Linear);
            for (var y = 0; y < scaledHeight; y++)
            {
                resized.Slice(y * scaledWidth, scaledWidth).CopyTo(canvas.Slice(y * width));
            }
        }

        var tensor = _tensor.AsSpan(0, 3 * plane);
        for (var i = 0; i < plane; i++)
        {
            tensor[i] = canvas[i];
        }

        tensor[..plane].CopyTo(tensor.Slice(plane));
        tensor[..plane].CopyTo(tensor.Slice(2 * plane));
        _shape[2] = height;
        _shape[3] = width;
    }

    private int Decode(int width, int height, PixelRect region, double scale, FaceSearch search)
    {
        var count = 0;
        var maxSize = search.MaxSize > 0 ? search.MaxSize : int.MaxValue;
        for (var s = 0; s < Strides.Length; s++)
        {
            var stride = Strides[s];
            var cls = _outputs.GetFloats(3 * s);
            var obj = _outputs.GetFloats((3 * s) + 1);
            var bbox = _outputs.GetFloats((3 * s) + 2);
            var cols = width / stride;
            var rows = height / stride;
            if (cls.Length < rows * cols || bbox.Length < 4 * rows * cols)
            {
                throw new InvalidDataException($"{_options.ModelPath}: head at stride {stride} has {cls.Length} cells, expected {rows * cols}.");
            }

            for (var index = 0; index < rows * cols && count < MaxCandidates; index++)
            {
                var score = MathF.Sqrt(Math.Clamp(cls[index], 0f, 1f) * Math.Clamp(obj[index], 0f, 1f));
                if (score < _options.ScoreThreshold)
                {
                    continue;
                }

                var cx = ((index % cols) + bbox[4 * index]) * stride;
                var cy = ((index / cols) + bbox[(4 * index) + 1]) * stride;
                var w = MathF.Exp(bbox[(4 * index) + 2]) * stride;
                var h = MathF.Exp(bbox[(4 * index) + 3]) * stride;
                var box = new PixelRect(
                    region.X + (int)Math.Round((cx - (w / 2)) / scale),
                    region.Y + (int)Math.Round((cy - (h / 2)) / scale),
                    (int)Math.Round(w / scale),
                    (int)Math.Round(h / scale));
                var side = Math.Max(box.Width, box.Height);
                if (side < search.MinSize || side > maxSize)
                {
                    continue;
                }

                _boxes[count] = box;
                _scores[count] = score;
                count++;
            }
        }

        return count;
    }

    /// <summary>Greedy non-maximum suppression by score; returns the number of faces kept.</summary>
    private int Suppress(int candidates, Span<PixelRect> results)
    {
        // Sorting negated scores ascending orders the boxes by descending score.
        var keys = _scores.AsSpan(0, candidates);
        var boxes = _boxes.AsSpan(0, candidates);
        for (var i = 0; i < candidates; i++)
        {
            keys[i] = -keys[i];
        }

        keys.Sort(boxes);
        var kept = 0;
        for (var i = 0; i < candidates; i++)
        {
            var box = boxes[i];
            var suppressed = false;
            for (var k = 0; k < kept && !suppressed; k++)
            {
                suppressed = boxes[k].IntersectionOverUnion(box) > _options.NmsThreshold;
            }

            if (!suppressed)
            {
                boxes[kept] = box;
                if (kept < results.Length)
                {
                    results[kept] = box;
                }

                kept++;
            }
        }

        return kept;
    }
}
