namespace EmoteCare.Vision.Faces;

/// <summary>Where to look for faces and at what sizes.</summary>
/// <param name="Region">Part of the image to search (must lie inside it).</param>
/// <param name="MinSize">Smallest face side in pixels.</param>
/// <param name="MaxSize">Largest face side in pixels; 0 for no limit.</param>
/// <param name="Local">True when searching around a tracked face (detectors may use cheaper settings).</param>
public readonly record struct FaceSearch(PixelRect Region, int MinSize, int MaxSize, bool Local);

/// <summary>A face detector: Haar cascade by default, or an ONNX model such as YuNet.</summary>
/// <remarks>Implementations keep per-image scratch state and are not thread-safe: one per worker.</remarks>
public interface IFaceDetector : IDisposable
{
    /// <summary>
    /// Finds faces in <paramref name="search"/>'s region of <paramref name="image"/>. Writes up to
    /// <paramref name="results"/>.Length boxes (image coordinates, most prominent first) and returns how
    /// many faces were found in total, which may exceed what was written.
    /// </summary>
    int Detect(GrayImageView image, FaceSearch search, Span<PixelRect> results);
}
