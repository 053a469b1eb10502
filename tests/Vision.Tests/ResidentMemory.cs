namespace EmoteCare.Vision.Tests;

internal static class ResidentMemory
{
    /// <summary>Resident set size of this process in bytes (/proc/self/statm, second field, in pages).</summary>
    public static long Bytes()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
