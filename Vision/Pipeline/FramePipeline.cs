using System.Diagnostics;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Vision.Classification;
using EmoteCare.Vision.Faces;
using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision.Pipeline;

/// <summary>
/// Turns a batch of frames from many sessions into per-frame expression readings: decode, detect or
/// track faces (state per session in a <see cref="FaceTrackStore"/>), crop each face to the model's
/// input, then ONE batched classification for every face of the batch.
/// </summary>
/// <remarks>
/// A pipeline owns native resources (ORT session, cascade) and reuses its buffers from batch to batch,
/// so it must be used by one thread at a time: create one per worker (one worker per core). Workers
/// may share one <see cref="FaceTrackStore"/>. A bad frame is rejected with a reason in its own result;
/// it never affects the other frames of the batch.
/// </remarks>
public sealed class FramePipeline : IDisposable
{
    private readonly FramePipelineOptions _options;
    private readonly IFaceDetector _detector;
    private readonly FaceTracker _tracker;
    private readonly EmotionClassifier _classifier;
    private readonly int _cropSize;
    private readonly RegionResizer _resizer = new();
    private byte[] _gray = [];
    private byte[] _detectionGray = [];
    private byte[] _crops = [];
    private float[] _probabilities = [];
    private PixelRect[] _boxes = [];
    private FrameWork[] _work = [];

    /// <summary>Loads the detector and the emotion model; configuration errors throw here, not per frame.</summary>
    public FramePipeline(FramePipelineOptions options, FaceTrackStore? trackStore = null)
    {
        _options = options;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxFacesPerFrame, 1);
        // The tracker hands back the faces it follows, so more could not be classified than it tracks.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxFacesPerFrame, options.Tracking.MaxTrackedFaces);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPayloadBytes, 1);
        Tracks = trackStore ?? new FaceTrackStore();
        if (options.OpenCvThreads > 0)
        {
            Cv2.SetNumThreads(options.OpenCvThreads);
        }

        _classifier = EmotionClassifier.Open(options.EmotionModelPath, options.Onnx);
        try
        {
            _detector = options.YuNetModelPath is { } yuNet
                ? new YuNetFaceDetector(new YuNetFaceDetectorOptions { ModelPath = yuNet, Session = options.Onnx })
                : new HaarFaceDetector(options.Haar);
        }
        catch
        {
            _classifier.Dispose();
            throw;
        }

        _tracker = new FaceTracker(_detector, options.Tracking);
        _cropSize = _classifier.InputWidth * _classifier.InputHeight;
    }

    /// <summary>The emotion model in use.</summary>
    public EmotionModelInfo Model => _classifier.Model;

    /// <summary>Per-session tracking state.</summary>
    public FaceTrackStore Tracks { get; }

    /// <summary>Analyses a batch of frames; the result list is in input order.</summary>
    public IReadOnlyList<FrameResult> Process(ReadOnlySpan<FrameInput> frames)
    {
        EnsureCapacity(frames.Length);
        var faceCount = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            var firstFace = faceCount;
            PrepareFrame(frames[i], ref _work[i], ref faceCount);
            if (!_options.BatchClassification)
            {
                Classify(firstFace, faceCount, i, i + 1);
            }
        }

        if (_options.BatchClassification)
        {
            Classify(0, faceCount, 0, frames.Length);
        }

        var results = new FrameResult[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            results[i] = BuildResult(frames[i], in _work[i]);
        }

        return results;
    }

    /// <summary>
    /// Whether <paramref name="image"/> is a complete JPEG or PNG, from its header and end marker alone (nothing is
    /// decoded): what ingest asks before queueing a frame, so a frame that is no picture is refused to its sender rather
    /// than dropped silently later. <see cref="Process"/> checks the same and more (pixel limits, decoding).
    /// </summary>
    /// <returns><see cref="FrameRejection.None"/>, or why the bytes are no usable image with <paramref name="detail"/> in words.</returns>
    public static FrameRejection CheckImage(ReadOnlySpan<byte> image, out string? detail)
    {
        if (image.IsEmpty)
        {
            detail = "the frame has no bytes";
            return FrameRejection.Empty;
        }

        var status = ImageCodec.Probe(image, out _, out detail);
        return status == ImageStatus.Ok ? FrameRejection.None : RejectionOf(status);
    }

    /// <summary>Releases the tracker's scratch images, the detector and the ORT session.</summary>
    public void Dispose()
    {
        _tracker.Dispose();
        _resizer.Dispose();
        _detector.Dispose();
        _classifier.Dispose();
    }

    private static int Microseconds(long start, long end) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(start, end).Ticks / 10);

    private static FrameRejection RejectionOf(ImageStatus status) => status switch
    {
        ImageStatus.UnsupportedFormat => FrameRejection.NotAnImage,
        ImageStatus.Truncated => FrameRejection.Truncated,
        ImageStatus.DimensionsTooLarge => FrameRejection.DimensionsTooLarge,
        ImageStatus.DecodeFailed => FrameRejection.DecodeFailed,
        _ => FrameRejection.ProcessingFailed,
    };

    private void EnsureCapacity(int frames)
    {
        if (_work.Length < frames)
        {
            _work = new FrameWork[frames];
        }

        var faces = frames * _options.MaxFacesPerFrame;
        if (_boxes.Length < faces)
        {
            _boxes = new PixelRect[faces];
            _crops = new byte[faces * _cropSize];
            _probabilities = new float[faces * Emotions.Count];
        }
    }

    private void PrepareFrame(in FrameInput frame, ref FrameWork work, ref int faceCount)
    {
        work = default;
        work.FirstFace = faceCount;
        var start = Stopwatch.GetTimestamp();
        var bytes = frame.Image.Span;
        if (bytes.Length == 0)
        {
            Reject(ref work, FrameRejection.Empty, "the frame has no bytes");
            return;
        }

        if (bytes.Length > _options.MaxPayloadBytes)
        {
            Reject(ref work, FrameRejection.PayloadTooLarge, $"{bytes.Length} bytes, the limit is {_options.MaxPayloadBytes}");
            return;
        }

        try
        {
            if (!Decode(bytes, ref work))
            {
                work.DecodeUs = Microseconds(start, Stopwatch.GetTimestamp());
                return;
            }

            var decoded = Stopwatch.GetTimestamp();
            work.DecodeUs = Microseconds(start, decoded);
            var image = new GrayImageView(_gray.AsSpan(0, work.Width * work.Height), work.Width, work.Height);
            var boxes = _boxes.AsSpan(faceCount, _options.MaxFacesPerFrame);
            work.FacesDetected = Detect(image, frame.SessionId, boxes);
            work.FaceCount = Math.Min(work.FacesDetected, boxes.Length);
            var detected = Stopwatch.GetTimestamp();
            work.DetectUs = Microseconds(decoded, detected);

            for (var f = 0; f < work.FaceCount; f++)
            {
                var box = boxes[f].Intersect(image.Bounds);
                boxes[f] = box;
                _resizer.Resize(image, box, _crops.AsSpan((faceCount + f) * _cropSize, _cropSize), _classifier.InputWidth, _classifier.InputHeight, InterpolationFlags.Area);
            }

            work.CropUs = Microseconds(detected, Stopwatch.GetTimestamp());
            faceCount += work.FaceCount;
        }
        catch (Exception e) when (e is OpenCVException or InvalidDataException or ArgumentException)
        {
            work.FaceCount = 0;
            Reject(ref work, FrameRejection.ProcessingFailed, e.Message);
        }
    }

    /// <summary>Tracks faces, on a shrunk copy when the frame exceeds the detection size; boxes come back in frame pixels.</summary>
    private int Detect(GrayImageView image, string sessionId, Span<PixelRect> boxes)
    {
        var scale = Math.Min(1.0, Math.Min((double)_options.MaxDetectionWidth / image.Width, (double)_options.MaxDetectionHeight / image.Height));
        if (scale >= 1.0)
        {
            return _tracker.Track(image, Tracks.Get(sessionId), boxes, out _);
        }

        var width = Math.Max(1, (int)(image.Width * scale));
        var height = Math.Max(1, (int)(image.Height * scale));
        if (_detectionGray.Length < width * height)
        {
            _detectionGray = new byte[width * height];
        }

        _resizer.Resize(image, image.Bounds, _detectionGray, width, height, InterpolationFlags.Area);
        var small = new GrayImageView(_detectionGray.AsSpan(0, width * height), width, height);
        var found = _tracker.Track(small, Tracks.Get(sessionId), boxes, out _);
        for (var i = 0; i < Math.Min(found, boxes.Length); i++)
        {
            var box = boxes[i];
            boxes[i] = new PixelRect((int)(box.X / scale), (int)(box.Y / scale), (int)(box.Width / scale), (int)(box.Height / scale));
        }

        return found;
    }

    private bool Decode(ReadOnlySpan<byte> bytes, ref FrameWork work)
    {
        var status = ImageCodec.Probe(bytes, out var header, out var error);
        if (status == ImageStatus.Ok && (header.Width > _options.MaxImageWidth || header.Height > _options.MaxImageHeight))
        {
            status = ImageStatus.DimensionsTooLarge;
            error = $"image is {header.Width}x{header.Height}, the limit is {_options.MaxImageWidth}x{_options.MaxImageHeight}";
        }

        if (status == ImageStatus.Ok)
        {
            var pixels = header.Width * header.Height;
            if (_gray.Length < pixels)
            {
                _gray = new byte[pixels];
            }

            status = ImageCodec.DecodeGray(bytes, _options.MaxImageWidth, _options.MaxImageHeight, _gray, out header, out error);
        }

        if (status != ImageStatus.Ok)
        {
            Reject(ref work, RejectionOf(status), error);
            return false;
        }

        work.Width = header.Width;
        work.Height = header.Height;
        return true;
    }

    private static void Reject(ref FrameWork work, FrameRejection rejection, string? detail)
    {
        work.Rejection = rejection;
        work.RejectionDetail = detail;
    }

    /// <summary>Classifies faces [firstFace, endFace) in one call and charges frames [firstFrame, endFrame) by face count.</summary>
    private void Classify(int firstFace, int endFace, int firstFrame, int endFrame)
    {
        var faces = endFace - firstFace;
        if (faces == 0)
        {
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            _classifier.Classify(
                _crops.AsSpan(firstFace * _cropSize, faces * _cropSize),
                faces,
                _probabilities.AsSpan(firstFace * Emotions.Count, faces * Emotions.Count));
        }
        catch (Exception e) when (e is Onnx.OnnxRuntimeException or InvalidDataException)
        {
            for (var i = firstFrame; i < endFrame; i++)
            {
                if (_work[i].FaceCount > 0)
                {
                    _work[i].FaceCount = 0;
                    Reject(ref _work[i], FrameRejection.ProcessingFailed, "classification failed: " + e.Message);
                }
            }

            return;
        }

        var elapsed = Microseconds(start, Stopwatch.GetTimestamp());
        for (var i = firstFrame; i < endFrame; i++)
        {
            _work[i].ClassifyUs = (int)((long)elapsed * _work[i].FaceCount / faces);
        }
    }

    private FrameResult BuildResult(in FrameInput frame, in FrameWork work)
    {
        var timings = new StageTimings(work.DecodeUs, work.DetectUs, work.CropUs, work.ClassifyUs);
        if (work.Rejection != FrameRejection.None)
        {
            return new FrameResult
            {
                SessionId = frame.SessionId,
                Sequence = frame.Sequence,
                TimestampMs = frame.TimestampMs,
                Rejection = work.Rejection,
                RejectionDetail = work.RejectionDetail,
                Width = work.Width,
                Height = work.Height,
                Quality = FrameQuality.Rejected,
                Timings = timings,
            };
        }

        var quality = work.FacesDetected switch
        {
            0 => FrameQuality.NoFace,
            > 1 => FrameQuality.MultipleFaces,
            _ => FrameQuality.None,
        };
        var faces = work.FaceCount == 0 ? [] : new FaceObservation[work.FaceCount];
        for (var f = 0; f < faces.Length; f++)
        {
            var box = _boxes[work.FirstFace + f];
            var probabilities = EmotionProbabilities.FromSpan(_probabilities.AsSpan((work.FirstFace + f) * Emotions.Count, Emotions.Count));
            var expression = probabilities.Top();
            var confidence = probabilities.Get(expression);
            faces[f] = new FaceObservation(box, probabilities, expression, confidence);
            if (Math.Min(box.Width, box.Height) < _options.MinUsefulFaceSize)
            {
                quality |= FrameQuality.FaceTooSmall;
            }

            if (confidence < _options.LowConfidenceThreshold)
            {
                quality |= FrameQuality.LowConfidence;
            }
        }

        return new FrameResult
        {
            SessionId = frame.SessionId,
            Sequence = frame.Sequence,
            TimestampMs = frame.TimestampMs,
            Width = work.Width,
            Height = work.Height,
            Faces = faces,
            FacesDetected = work.FacesDetected,
            Quality = quality,
            Timings = timings,
        };
    }

    /// <summary>Scratch state of one frame while its batch is processed.</summary>
    private struct FrameWork
    {
        public int FirstFace;
        public int FaceCount;
        public int FacesDetected;
        public int Width;
        public int Height;
        public FrameRejection Rejection;
        public string? RejectionDetail;
        public int DecodeUs;
        public int DetectUs;
        public int CropUs;
        public int ClassifyUs;
    }
}
