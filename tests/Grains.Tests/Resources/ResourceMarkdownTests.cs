using EmoteCare.Grains.Resources;

namespace EmoteCare.Grains.Tests.Resources;

/// <summary>What a therapist's Markdown may put on a patient's screen: text structure and plain links, nothing that runs.</summary>
public sealed class ResourceMarkdownTests
{
    [Fact]
    public void Script_tags_are_removed_with_their_content()
    {
        var html = ResourceMarkdown.ToHtml("Hello\n\n<script>alert('x')</script>\n\nText <script src=\"https://evil.example/x.js\"></script> after");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.Contains("<p>Hello</p>", html, StringComparison.Ordinal);
        Assert.Contains("after", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click](vbscript:msgbox)")]
    public void Links_with_unsafe_schemes_lose_their_target(string markdown)
    {
        var html = ResourceMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("script:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("click", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_handler_and_style_attributes_are_removed()
    {
        var html = ResourceMarkdown.ToHtml("<p onclick=\"steal()\" style=\"position:fixed\" class=\"x\">hi</p>\n\n<a href=\"https://example.org\" onmouseover=\"steal()\">site</a>\n\n![x](https://example.org/a.png \"t\")");

        Assert.DoesNotContain("on", string.Join(" ", Attributes(html)), StringComparison.Ordinal);
        Assert.DoesNotContain("style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("steal", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_elements_outside_the_allow_list_are_removed()
    {
        var html = ResourceMarkdown.ToHtml("<iframe src=\"https://evil.example\"></iframe>\n\n<form action=\"https://evil.example\"><input name=\"password\"></form>\n\n<style>body{display:none}</style>\n\n<svg onload=\"x()\"><circle/></svg>\n\nkept");

        foreach (var tag in new[] { "<iframe", "<form", "<input", "<style", "<svg" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("<p>kept</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_structure_and_safe_links_survive_and_links_open_apart()
    {
        var html = ResourceMarkdown.ToHtml("# Title\n\n## Part\n\n- **one**\n- *two*\n\n[Samaritans](https://www.samaritans.org) or [call](tel:116123)");

        Assert.Contains("<h2>Title</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Part</h3>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1", html, StringComparison.Ordinal);
        Assert.Contains("<li><strong>one</strong></li>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://www.samaritans.org\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">Samaritans</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:116123\"", html, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Attributes(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, @"\s([a-zA-Z-]+)=").Select(m => m.Groups[1].Value);
}
