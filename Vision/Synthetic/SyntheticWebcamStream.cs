using EmoteCare.Vision.Faces;
using EmoteCare.Vision.OpenCv;
using OpenCvSharp;

namespace EmoteCare.Vision.Synthetic;

/// <summary>Look of a synthetic webcam stream.</summary>
public sealed record SyntheticStreamOptions
{
    /// <summary>Frame width.</summary>
    public int Width { get; init; } = 320;

    /// <summary>Frame height.</summary>
    public int Height { get; init; } = 240;

    /// <summary>Smallest rendered face side in pixels.</summary>
    public int MinFaceSize { get; init; } = 96;

    /// <summary>Largest rendered face side in pixels.</summary>
    public int MaxFaceSize { get; init; } = 120;

    /// <summary>Frames before the stream switches to the next face image.</summary>
    public int FramesPerFace { get; init; } = 60;

    /// <summary>Amplitude of the slow head motion in pixels.</summary>
    public double MotionAmplitude { get; init; } = 8;

    /// <summary>Relative amplitude of the slow lighting change (0.15 = brightness varies by +-15%).</summary>
    public double LightingAmplitude { get; init; } = 0.15;

    /// <summary>Standard deviation of per-frame sensor noise, in gray levels.</summary>
    public double NoiseSigma { get; init; } = 4;

    /// <summary>JPEG quality of encoded frames.</summary>
    public int JpegQuality { get; init; } = 80;

    /// <summary>Seed of everything random: the same seed renders the same frames.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>One rendered frame and where its face is.</summary>
/// <param name="Pixels">Gray pixels, <c>Width x Height</c>, tightly packed.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Face">The rendered face's box.</param>
public sealed record SyntheticFrame(byte[] Pixels, int Width, int Height, PixelRect Face);

/// <summary>
/// A deterministic stand-in for a patient's webcam: 48x48 face images (FER2013) scaled up and drawn
/// on a gradient background with noise, slow head motion and slow lighting changes. Frame i is a pure
/// function of the options and i, so benchmarks and tests in any language can regenerate or share it.
/// </summary>
public sealed class SyntheticWebcamStream
{
    private const int FaceSide = 48;

    private readonly SyntheticStreamOptions _options;
    private readonly IReadOnlyList<byte[]> _faces;
    private readonly int[] _faceSizes;
    private readonly byte[] _background;

    /// <summary>Creates a stream over 48x48 gray face images.</summary>
    public SyntheticWebcamStream(IReadOnlyList<byte[]> faces, SyntheticStreamOptions? options = null)
    {
        _options = options ?? new SyntheticStreamOptions();
        if (faces.Count == 0 || faces.Any(f => f.Length != FaceSide * FaceSide))
        {
            throw new ArgumentException("Faces must be a non-empty list of 48x48 gray images.", nameof(faces));
        }

        _faces = faces;
        var random = new Random(_options.Seed);
        _faceSizes = faces.Select(_ => random.Next(_options.MinFaceSize, _options.MaxFaceSize + 1)).ToArray();
        _background = new byte[_options.Width * _options.Height];
        for (var y = 0; y < _options.Height; y++)
        {
            for (var x = 0; x < _options.Width; x++)
            {
                _background[(y * _options.Width) + x] = (byte)(70 + (90 * x / _options.Width) + (40 * y / _options.Height));
            }
        }
    }

    /// <summary>The stream's options.</summary>
    public SyntheticStreamOptions Options => _options;

    /// <summary>Number of distinct face images the stream cycles through.</summary>
    public int FaceCount => _faces.Count;

    /// <summary>
    /// Loads up to <paramref name="count"/> faces from a FER2013 folder (<c>&lt;root&gt;/&lt;split&gt;/&lt;class&gt;/*.jpg</c>),
    /// spread evenly over its files in name order so the choice is stable.
    /// </summary>
    public static IReadOnlyList<byte[]> LoadFer2013Faces(string datasetRoot, int count, string split = "val")
    {
        var folder = Path.Combine(datasetRoot, split);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"FER2013 split folder {folder} does not exist.");
        }

        var files = Directory.EnumerateFiles(folder, "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var step = Math.Max(1, files.Length / Math.Max(1, count));
        var faces = new List<byte[]>();
        for (var i = 0; i < files.Length && faces.Count < count; i += step)
        {
            var pixels = new byte[FaceSide * FaceSide];
            var status = ImageCodec.DecodeGray(File.ReadAllBytes(files[i]), FaceSide, FaceSide, pixels, out var header, out _);
            if (status == ImageStatus.Ok && header.Width == FaceSide && header.Height == FaceSide)
            {
                faces.Add(pixels);
            }
        }

        return faces;
    }

    /// <summary>
    /// Keeps the faces <paramref name="detector"/> finds when rendered in a frame, so a benchmark
    /// stream measures tracking rather than the detector's misses on upscaled 48x48 crops.
    /// </summary>
    public static IReadOnlyList<byte[]> SelectDetectable(IReadOnlyList<byte[]> faces, IFaceDetector detector, SyntheticStreamOptions? options = null, int minFaceSize = 40)
    {
        var kept = new List<byte[]>();
        Span<PixelRect> found = stackalloc PixelRect[4];
        foreach (var face in faces)
        {
            var frame = new SyntheticWebcamStream([face], options).Render(0);
            var image = new GrayImageView(frame.Pixels, frame.Width, frame.Height);
            var count = detector.Detect(image, new FaceSearch(image.Bounds, minFaceSize, 0, Local: false), found);
            if (count == 1 && found[0].IntersectionOverUnion(frame.Face) > 0.4)
            {
                kept.Add(face);
            }
        }

        return kept;
    }

    /// <summary>Renders frame <paramref name="index"/>.</summary>
    public SyntheticFrame Render(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var width = _options.Width;
        var height = _options.Height;
        var faceIndex = (index / _options.FramesPerFace) % _faces.Count;
        var size = _faceSizes[faceIndex];
        var phase = index * 2 * Math.PI;
        var x = ((width - size) / 2) + (int)Math.Round(_options.MotionAmplitude * Math.Sin(phase / 90));
        var y = ((height - size) / 2) + (int)Math.Round(_options.MotionAmplitude * 0.6 * Math.Cos(phase / 70));
        var face = new PixelRect(Math.Clamp(x, 0, width - size), Math.Clamp(y, 0, height - size), size, size);

        var pixels = (byte[])_background.Clone();
        var scaled = new byte[size * size];
        GrayResize.Resize(new GrayImageView(_faces[faceIndex], FaceSide, FaceSide), new PixelRect(0, 0, FaceSide, FaceSide), scaled, size, size, InterpolationFlags.Linear);
        for (var row = 0; row < size; row++)
        {
            scaled.AsSpan(row * size, size).CopyTo(pixels.AsSpan(((face.Y + row) * width) + face.X));
        }

        var gain = 1 + (_options.LightingAmplitude * Math.Sin(phase / 150));
        // HashCode is randomised per process, so the per-frame seed is plain arithmetic.
        var noise = new Random(unchecked((_options.Seed * 1_000_003) + index));
        for (var i = 0; i < pixels.Length; i++)
        {
            var value = (pixels[i] * gain) + (_options.NoiseSigma * Gaussian(noise));
            pixels[i] = (byte)Math.Clamp((int)Math.Round(value), 0, 255);
        }

        return new SyntheticFrame(pixels, width, height, face);
    }

    /// <summary>Renders frame <paramref name="index"/> as a JPEG.</summary>
    public byte[] RenderJpeg(int index, out PixelRect face)
    {
        var frame = Render(index);
        face = frame.Face;
        return ImageCodec.EncodeJpeg(new GrayImageView(frame.Pixels, frame.Width, frame.Height), _options.JpegQuality);
    }

    private static double Gaussian(Random random)
    {
        // Box-Muller; deterministic for a seeded Random.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
