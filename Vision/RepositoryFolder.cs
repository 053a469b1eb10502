namespace EmoteCare.Vision;

/// <summary>Finds the checkout a program runs from, for defaults such as models/emotion-fer.onnx.</summary>
public static class RepositoryFolder
{
    /// <summary>The repository root above <paramref name="start"/> (the folder holding EmoteCare.sln), or null.</summary>
    public static string? FindAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EmoteCare.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
