namespace EmoteCare.Vision.OpenCv;

/// <summary>Resizing of a gray image region through the shim.</summary>
internal static unsafe class GrayResize
{
    /// <summary>Resizes <paramref name="region"/> of <paramref name="source"/> into a tightly packed <paramref name="width"/> x <paramref name="height"/> buffer.</summary>
    public static void Resize(GrayImageView source, PixelRect region, Span<byte> destination, int width, int height, int interpolation)
    {
        if (destination.Length < width * height)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes, {width * height} needed.", nameof(destination));
        }

        byte* message = stackalloc byte[OpenCvNative.MessageCapacity];
        ShimStatus status;
        fixed (byte* src = source.Pixels)
        fixed (byte* dst = destination)
        {
            status = OpenCvNative.ResizeGray(
                src, source.Width, source.Height, source.Stride, region.X, region.Y, region.Width, region.Height,
                dst, width, height, width, interpolation, message, OpenCvNative.MessageCapacity);
        }

        OpenCvNative.Check(status, new ReadOnlySpan<byte>(message, OpenCvNative.MessageCapacity), "resize");
    }
}
