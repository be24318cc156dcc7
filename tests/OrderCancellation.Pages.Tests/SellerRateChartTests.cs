using System.Xml.Linq;
using OrderCancellation.Domain.Metrics;
using OrderCancellation.Pages.Seller;

namespace OrderCancellation.Pages.Tests;

/// <summary>The server-drawn chart of the Cancellation Rate page, read back as XML.</summary>
public sealed class SellerRateChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static List<CancellationRatePoint> Days(params decimal[] rates) =>
        [.. rates.Select((r, i) => new CancellationRatePoint(new DateOnly(2026, 11, 1).AddDays(i), 10, (int)(r * 10), r))];

    [Fact]
    public void The_chart_is_an_image_with_a_title_and_a_description_naming_the_latest_figure_and_the_threshold()
    {
        var chart = XElement.Parse(RateChart.Render(Days(0m, 0.1m), 0.025m));

        Assert.Equal("img", (string?)chart.Attribute("role"));
        Assert.Equal("Cancellation Rate, daily", chart.Element(Svg + "title")?.Value);
        Assert.Equal("2 days from 2026-11-01 to 2026-11-02; latest 10 %, highest 10 %; threshold 2.5 %.", chart.Element(Svg + "desc")?.Value);
    }

    [Fact]
    public void The_threshold_line_is_drawn_across_the_plot_at_its_height_on_the_scale()
    {
        var chart = XElement.Parse(RateChart.Render(Days(0m, 0.01m, 0.02m), 0.025m));

        // The scale's top is 5 % (twice the threshold): the threshold sits halfway up the plot (top 16, height 192).
        var threshold = Assert.Single(chart.Elements(Svg + "line"), l => (string?)l.Attribute("class") == "threshold");
        Assert.Equal("112", (string?)threshold.Attribute("y1"));
        Assert.Equal("112", (string?)threshold.Attribute("y2"));
        Assert.Equal("Threshold 2.5 %", threshold.Element(Svg + "title")?.Value);
    }

    [Fact]
    public void Each_day_is_a_point_of_the_series_with_its_date_and_rate()
    {
        var chart = XElement.Parse(RateChart.Render(Days(0m, 0.03m, 0.2m), 0.025m));

        var points = chart.Elements(Svg + "circle").Select(c => c.Element(Svg + "title")?.Value).ToList();
        Assert.Equal(["2026-11-01: 0 %", "2026-11-02: 3 %", "2026-11-03: 20 %"], points);
        Assert.Equal(3, ((string?)chart.Element(Svg + "polyline")?.Attribute("points"))?.Split(' ').Length);
        Assert.Equal(0.22m, RateChart.Scale(Days(0.2m), 0.025m)); // a high day raises the scale above it
    }

    [Fact]
    public void A_chart_without_days_still_shows_the_threshold_and_says_there_is_nothing_to_show()
    {
        var chart = XElement.Parse(RateChart.Render([], 0.025m));

        Assert.Empty(chart.Elements(Svg + "circle"));
        Assert.Single(chart.Elements(Svg + "line"), l => (string?)l.Attribute("class") == "threshold");
        Assert.Equal("No days to show. Threshold 2.5 %.", chart.Element(Svg + "desc")?.Value);
    }
}
