using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>An OpenCV cascade (Haar or LBP). Not thread-safe: OpenCV keeps per-image state inside it.</summary>
internal sealed unsafe class HaarCascade : IDisposable
{
    private readonly CascadeClassifier _cascade;

    private HaarCascade(CascadeClassifier cascade, string path)
    {
        _cascade = cascade;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Loads a cascade file; a missing file throws <see cref="FileNotFoundException"/>, one that is no cascade <see cref="InvalidDataException"/>.</summary>
    public static HaarCascade Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Cascade file {path} does not exist (Debian package opencv-data installs the stock cascades).", path);
        }

        var cascade = new CascadeClassifier();
        try
        {
            if (!cascade.Load(path) || cascade.Empty())
            {
                throw new InvalidDataException($"Cannot load cascade '{path}'.");
            }
        }
        catch (OpenCVException e)
        {
            cascade.Dispose();
            throw new InvalidDataException($"Cannot load cascade '{path}': {e.ErrMsg}", e);
        }
        catch
        {
            cascade.Dispose();
            throw;
        }

        return new HaarCascade(cascade, path);
    }

    /// <summary>
    /// Detects objects of size [<paramref name="minSize"/>, <paramref name="maxSize"/>] (0 = unbounded) in
    /// <paramref name="region"/>; writes up to <paramref name="results"/>.Length boxes in image coordinates
    /// and returns how many were found in total.
    /// </summary>
    public int Detect(
        GrayImageView image, PixelRect region, double scaleFactor, int minNeighbors, int minSize, int maxSize, Span<PixelRect> results)
    {
        fixed (byte* pixels = image.Pixels)
        {
            using var roi = GrayMat.Header(pixels, image, region);
            var found = Detect(roi, scaleFactor, minNeighbors, minSize, maxSize, results);
            for (var i = 0; i < Math.Min(found, results.Length); i++)
            {
                var r = results[i];
                results[i] = r with { X = r.X + region.X, Y = r.Y + region.Y };
            }

            return found;
        }
    }

    /// <summary>Detects in the whole of <paramref name="image"/>; boxes are in its coordinates.</summary>
    public int Detect(Mat image, double scaleFactor, int minNeighbors, int minSize, int maxSize, Span<PixelRect> results)
    {
        // OpenCV asserts on these deep inside detectMultiScale; a plain argument error says more.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(scaleFactor, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(minNeighbors);
        ArgumentOutOfRangeException.ThrowIfNegative(minSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        var found = _cascade.DetectMultiScale(
            image, scaleFactor, minNeighbors, 0, new Size(minSize, minSize), maxSize > 0 ? new Size(maxSize, maxSize) : (Size?)null);
        for (var i = 0; i < Math.Min(found.Length, results.Length); i++)
        {
            var r = found[i];
            results[i] = new PixelRect(r.X, r.Y, r.Width, r.Height);
        }

        return found.Length;
    }

    public void Dispose() => _cascade.Dispose();
}
