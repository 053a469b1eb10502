using OpenCvSharp;

namespace EmoteCare.Vision.OpenCv;

/// <summary>
/// OpenCV headers over pixels the caller has pinned: no pixel is copied, and the header must not outlive
/// the pin. Headers and the array proxies OpenCV's functions take are small native objects, disposed by
/// the caller rather than left to finalizers.
/// </summary>
internal static unsafe class GrayMat
{
    /// <summary>A header over <paramref name="region"/> of <paramref name="image"/>, whose first pixel is at <paramref name="origin"/>.</summary>
    public static Mat Header(byte* origin, GrayImageView image, PixelRect region)
    {
        CheckInside(image, region);
        return Mat.FromPixelData(region.Height, region.Width, MatType.CV_8UC1, (nint)(origin + ((long)region.Y * image.Stride) + region.X), image.Stride);
    }

    /// <summary>A header over a tightly packed <paramref name="width"/> x <paramref name="height"/> buffer.</summary>
    public static Mat Header(byte* pixels, int width, int height) =>
        Mat.FromPixelData(height, width, MatType.CV_8UC1, (nint)pixels, width);

    /// <summary>Refuses regions that are empty or reach outside the image, before OpenCV sees them.</summary>
    public static void CheckInside(GrayImageView image, PixelRect region)
    {
        if (region.X < 0 || region.Y < 0 || region.Width <= 0 || region.Height <= 0
            || region.X > image.Width - region.Width || region.Y > image.Height - region.Height)
        {
            throw new ArgumentException(
                $"ROI {region.X},{region.Y} {region.Width}x{region.Height} is outside the {image.Width}x{image.Height} image.", nameof(region));
        }
    }

    /// <summary>cv::resize into <paramref name="destination"/>, which must keep its buffer (same size and type).</summary>
    public static void Resize(Mat source, Mat destination, InterpolationFlags interpolation)
    {
        var data = destination.Data;
        using (var input = InputArray.Create(source))
        using (var output = OutputArray.Create(destination))
        {
            Cv2.Resize(input, output, new Size(destination.Width, destination.Height), 0, 0, interpolation);
        }

        if (destination.Data != data)
        {
            throw new InvalidOperationException("OpenCV reallocated a resize destination instead of writing into it.");
        }
    }
}
