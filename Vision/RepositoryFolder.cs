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

    /// <summary>
    /// The full path of <paramref name="path"/>: as given when rooted or present from the working directory, else
    /// relative to the repository root above the program, so a default such as <c>models/x.onnx</c> works from any
    /// folder of a checkout. Null when neither holds the file.
    /// </summary>
    public static string? ResolveFile(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        var root = FindAbove(AppContext.BaseDirectory);
        var candidate = root is null ? null : Path.Combine(root, path);
        return File.Exists(candidate) ? candidate : null;
    }
}
