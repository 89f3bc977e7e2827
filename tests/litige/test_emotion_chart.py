import xml.etree.ElementTree as ET

from litige.emotion_chart import PALETTE, svg

NS = "{http://www.w3.org/2000/svg}"
POINTS = [
    {"turn": 1, "emotion": "frustration", "intensity": 0.4},
    {"turn": 2, "emotion": "anxiety", "intensity": 0.3},
    {"turn": 3, "emotion": "anger", "intensity": 0.5},
    {"turn": 4, "emotion": "anger", "intensity": 0.6},
    {"turn": 5, "emotion": "anger", "intensity": 0.81},
]


def circles(root):
    return root.findall(f"{NS}circle")


def test_the_chart_is_well_formed_svg_with_one_dot_per_message():
    root = ET.fromstring(svg(POINTS))
    assert root.tag == f"{NS}svg"
    assert (root.get("width"), root.get("height"), root.get("role")) == ("320", "90", "img")
    assert len(circles(root)) == 5
    assert len(root.findall(f"{NS}polyline")) == 1


def test_the_summary_sentence_is_french():
    root = ET.fromstring(svg(POINTS))
    sentence = "Émotion du client sur 5 messages : de la frustration (0,40) à la colère (0,81)."
    assert root.get("aria-label") == sentence
    assert root.find(f"{NS}title").text == sentence


def test_each_dot_has_a_french_tooltip_and_the_colour_of_its_emotion():
    dots = circles(ET.fromstring(svg(POINTS)))
    assert dots[2].find(f"{NS}title").text == "Message 3 : colère, 0,50"
    assert dots[1].find(f"{NS}title").text == "Message 2 : inquiétude, 0,30"
    assert dots[2].get("fill") == dots[4].get("fill") == PALETTE["anger"]
    assert dots[0].get("fill") == PALETTE["frustration"] != PALETTE["anger"]


def test_higher_intensity_is_drawn_higher_and_time_goes_right():
    dots = circles(ET.fromstring(svg(POINTS, width=400, height=100)))
    ys = [float(dot.get("cy")) for dot in dots]
    xs = [float(dot.get("cx")) for dot in dots]
    assert ys[4] < ys[3] < ys[2] < ys[0] < ys[1]  # 0.81 > 0.6 > 0.5 > 0.4 > 0.3
    assert xs == sorted(xs) and xs[0] < 50 and xs[-1] > 350
    assert all(0 <= y <= 100 for y in ys)


def test_a_peak_between_the_first_and_the_last_message_is_named():
    points = [
        {"turn": 1, "emotion": "neutral", "intensity": 0.2},
        {"turn": 2, "emotion": "anger", "intensity": 0.9},
        {"turn": 3, "emotion": "anxiety", "intensity": 0.5},
    ]
    assert ET.fromstring(svg(points)).get("aria-label") == (
        "Émotion du client sur 3 messages : du calme (0,20) à l'inquiétude (0,50), "
        "avec un pic à 0,90 (colère) au message 2."
    )


def test_a_single_message_is_one_centred_dot():
    root = ET.fromstring(svg([{"turn": 2, "emotion": "disappointment", "intensity": 0.65}], width=200))
    (dot,) = circles(root)
    assert float(dot.get("cx")) == 100.0
    assert root.get("aria-label") == "Émotion du client sur 1 message : déception (0,65)."


def test_labels_are_escaped():
    text = svg([{"turn": 1, "emotion": "<script>", "label": '<script>alert("x")</script>', "intensity": 0.5}])
    assert "<script" not in text and "&lt;script&gt;" in text
    root = ET.fromstring(text)
    assert circles(root)[0].find(f"{NS}title").text == 'Message 1 : <script>alert("x")</script>, 0,50'


def test_no_script_and_no_external_resource():
    text = svg(POINTS)
    assert "script" not in text and "href" not in text and "http" not in text.replace(NS[1:-1], "")


def test_odd_points_do_not_break_the_chart():
    root = ET.fromstring(
        svg([{"intensity": "fort"}, None, {"emotion": "anger", "intensity": 7, "turn": "x"}])
    )
    dots = circles(root)
    assert len(dots) == 3
    assert dots[2].find(f"{NS}title").text == "Message 3 : colère, 1,00"  # clamped to 1
    assert dots[0].find(f"{NS}title").text == "Message 1 : neutre, 0,00"


def test_no_message_yet_gives_a_small_chart_that_says_so():
    root = ET.fromstring(svg([]))
    assert circles(root) == []
    assert root.find(f"{NS}text").text == "Aucun message du client pour l'instant"
    assert root.get("aria-label") == "Aucun message du client pour l'instant"
