using System.Globalization;
using System.Net;
using System.Text;
using OrderCancellation.Domain.Metrics;

namespace OrderCancellation.Pages.Seller;

/// <summary>
/// Draws the Cancellation Rate's daily series as an inline SVG line chart with the threshold as a dashed line, on the
/// server, so the chart needs no script. Accessible: the SVG is an image with a title and a description naming the
/// latest figure; the page shows the same series as a table for those who cannot see the chart.
/// </summary>
public static class RateChart
{
    public const int Width = 640;
    public const int Height = 240;
    private const int Left = 48;
    private const int Right = 16;
    private const int Top = 16;
    private const int Bottom = 32;

    /// <summary>The chart's markup; every text in it is encoded.</summary>
    public static string Render(IReadOnlyList<CancellationRatePoint> daily, decimal threshold)
    {
        ArgumentNullException.ThrowIfNull(daily);
        var top = Scale(daily, threshold);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => Left + (daily.Count <= 1 ? plotWidth / 2.0 : plotWidth * i / (double)(daily.Count - 1));
        double Y(decimal rate) => Top + (plotHeight * (1 - (double)(rate / top)));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"rate-chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" aria-labelledby=\"rate-chart-title\" aria-describedby=\"rate-chart-desc\">"));
        svg.Append("<title id=\"rate-chart-title\">Cancellation Rate, daily</title>");
        svg.Append("<desc id=\"rate-chart-desc\">").Append(Encode(Describe(daily, threshold))).Append("</desc>");

        // Axes and the y scale's gridlines: 0, half and top.
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Width - Right}\" y2=\"{Top + plotHeight}\" stroke=\"#555\" />"));
        svg.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"#555\" />"));
        foreach (var tick in new[] { 0m, top / 2, top })
        {
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(tick) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{Percent(tick)}</text>"));
        }

        var thresholdY = Y(threshold);
        svg.Append(Invariant($"<line class=\"threshold\" data-threshold=\"{threshold}\" x1=\"{Left}\" y1=\"{thresholdY:0.#}\" x2=\"{Width - Right}\" y2=\"{thresholdY:0.#}\" stroke=\"#b00020\" stroke-dasharray=\"6 4\"><title>Threshold {Percent(threshold)}</title></line>"));
        svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{thresholdY - 4:0.#}\" text-anchor=\"end\" font-size=\"11\" fill=\"#b00020\">{Percent(threshold)}</text>"));

        if (daily.Count > 0)
        {
            var points = string.Join(' ', daily.Select((p, i) => Invariant($"{X(i):0.#},{Y(p.Rate):0.#}")));
            svg.Append(Invariant($"<polyline class=\"series\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"{points}\" />"));
            for (var i = 0; i < daily.Count; i++)
            {
                var p = daily[i];
                svg.Append(Invariant($"<circle cx=\"{X(i):0.#}\" cy=\"{Y(p.Rate):0.#}\" r=\"3\" fill=\"#0b5cad\"><title>{Day(p.Date)}: {Percent(p.Rate)}</title></circle>"));
            }

            svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"11\">{Day(daily[0].Date)}</text>"));
            svg.Append(Invariant($"<text x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\" font-size=\"11\">{Day(daily[^1].Date)}</text>"));
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The rate as the pages show it: a percentage with up to two decimals.</summary>
    public static string Percent(decimal rate) => (rate * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>The y axis' top: room above the threshold and the highest day, at least 5 %, rounded up to a whole percent.</summary>
    internal static decimal Scale(IReadOnlyList<CancellationRatePoint> daily, decimal threshold)
    {
        var highest = Math.Max(threshold * 2, daily.Count == 0 ? 0 : daily.Max(p => p.Rate) * 1.1m);
        return Math.Max(0.05m, Math.Ceiling(highest * 100) / 100);
    }

    private static string Describe(IReadOnlyList<CancellationRatePoint> daily, decimal threshold) => daily.Count == 0
        ? $"No days to show. Threshold {Percent(threshold)}."
        : $"{daily.Count} days from {Day(daily[0].Date)} to {Day(daily[^1].Date)}; latest {Percent(daily[^1].Rate)}, highest {Percent(daily.Max(p => p.Rate))}; threshold {Percent(threshold)}.";

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
