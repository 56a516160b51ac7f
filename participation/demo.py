"""The demo town, modelled on Wuzhen (Tongxiang, Zhejiang): the linkage centre's 4 platforms,
25 departments, 10 villages and communities divided into 103 grids around 30.74°N 120.49°E,
and the problem categories residents report, each routed to a department with time limits."""

from django.contrib.auth import get_user_model

from .models import (
    Category,
    Community,
    Department,
    DepartmentMembership,
    Grid,
    GridMembership,
    Platform,
)

PLATFORMS = [
    # code, Chinese, English, description
    (
        "governance",
        "综合治理",
        "Comprehensive governance",
        "Public security, disputes, emergencies and help for people in difficulty.",
    ),
    (
        "enforcement",
        "行政执法",
        "Administrative law enforcement",
        "Illegal building, street order, roads, rivers, traffic and the environment.",
    ),
    (
        "market",
        "市场监管",
        "Market supervision",
        "Food safety, licences, workplace safety and the tourist trade.",
    ),
    (
        "services",
        "便民服务",
        "Convenience services",
        "Power, water, gas, sanitation, telecoms and buses.",
    ),
]

DEPARTMENTS = [
    # platform, code, Chinese, English
    ("governance", "governance-office", "综治办", "Comprehensive Governance Office"),
    ("governance", "police", "乌镇派出所", "Wuzhen Police Station"),
    ("governance", "judicial", "司法所", "Judicial Office"),
    ("governance", "petitions", "信访办", "Petitions Office"),
    ("governance", "emergency", "应急管理办", "Emergency Management Office"),
    ("governance", "fire", "消防救援站", "Fire and Rescue Station"),
    ("governance", "civil-affairs", "民政办", "Civil Affairs Office"),
    ("enforcement", "law-enforcement", "综合行政执法中队", "Law Enforcement Squad"),
    ("enforcement", "planning", "自然资源和规划所", "Natural Resources and Planning Office"),
    ("enforcement", "environment", "生态环境分局", "Ecology and Environment Office"),
    ("enforcement", "traffic-police", "交警中队", "Traffic Police Squad"),
    ("enforcement", "water-conservancy", "水利站", "Water Conservancy Station"),
    ("enforcement", "construction", "建设管理办", "Construction Management Office"),
    ("market", "market-supervision", "市场监管所", "Market Supervision Office"),
    ("market", "food-safety", "食品安全办", "Food Safety Office"),
    ("market", "work-safety", "安全生产办", "Work Safety Office"),
    ("market", "tourism", "文化旅游办", "Culture and Tourism Office"),
    ("market", "health", "卫生健康办", "Health Office"),
    ("services", "service-centre", "便民服务中心", "Citizen Service Centre"),
    ("services", "power", "供电所", "Power Supply Station"),
    ("services", "water-supply", "自来水公司", "Water Supply Company"),
    ("services", "gas", "燃气公司", "Gas Company"),
    ("services", "sanitation", "环卫所", "Sanitation Station"),
    ("services", "telecom", "通信公司", "Telecom Company"),
    ("services", "bus", "公交公司", "Bus Company"),
]

CATEGORIES = [
    # code, department, Chinese, English, (routine, express, emergency) hours, description
    (
        "manhole-cover",
        "construction",
        "井盖缺失破损",
        "Missing or broken manhole cover",
        (72, 24, 4),
        "A manhole or drain cover that is missing, broken, loose or sunken.",
    ),
    (
        "illegal-building",
        "law-enforcement",
        "违章建筑",
        "Illegal building",
        (168, 72, 24),
        "Building or extending without permission, including on rooftops.",
    ),
    (
        "street-stalls",
        "law-enforcement",
        "占道经营",
        "Stalls blocking the road",
        (48, 12, 2),
        "Stalls or goods set out on the road or pavement.",
    ),
    (
        "clutter",
        "law-enforcement",
        "乱堆乱放",
        "Clutter in public spaces",
        (72, 24, 4),
        "Materials, furniture or waste piled in lanes and public spaces.",
    ),
    (
        "rubbish",
        "sanitation",
        "垃圾清运",
        "Rubbish not collected",
        (48, 12, 4),
        "Overflowing bins, fly-tipping, rubbish left uncollected.",
    ),
    (
        "street-light",
        "power",
        "路灯故障",
        "Street light out",
        (72, 24, 4),
        "A street light that is out, flickering or on during the day.",
    ),
    (
        "road-damage",
        "construction",
        "道路破损",
        "Damaged road or pavement",
        (168, 72, 12),
        "Potholes, broken paving, subsidence.",
    ),
    (
        "water-pollution",
        "environment",
        "河道污染",
        "River or canal pollution",
        (72, 24, 4),
        "Sewage, oil, dead fish or floating rubbish in rivers and canals.",
    ),
    (
        "noise",
        "environment",
        "噪声扰民",
        "Noise nuisance",
        (48, 12, 2),
        "Construction or business noise, especially at night.",
    ),
    (
        "illegal-parking",
        "traffic-police",
        "违法停车",
        "Illegal parking",
        (24, 4, 1),
        "Vehicles blocking roads, fire lanes or entrances.",
    ),
    (
        "water-supply",
        "water-supply",
        "供水问题",
        "Water supply problem",
        (48, 12, 2),
        "No water, low pressure, a burst pipe or discoloured water.",
    ),
    (
        "gas-hazard",
        "gas",
        "燃气隐患",
        "Gas hazard",
        (24, 4, 1),
        "A smell of gas, damaged gas pipes or meters.",
    ),
    (
        "fire-hazard",
        "fire",
        "消防隐患",
        "Fire hazard",
        (24, 4, 1),
        "Blocked fire exits or lanes, unsafe wiring, e-bikes charging indoors.",
    ),
    (
        "food-safety",
        "food-safety",
        "食品安全",
        "Food safety",
        (72, 24, 4),
        "Unhygienic food premises, expired or suspect food.",
    ),
    (
        "unlicensed-business",
        "market-supervision",
        "无证经营",
        "Unlicensed business",
        (168, 72, 24),
        "A business operating without the licences it needs.",
    ),
    (
        "work-safety",
        "work-safety",
        "安全生产隐患",
        "Workplace safety hazard",
        (72, 24, 2),
        "Unsafe workshops, scaffolding or storage of dangerous goods.",
    ),
    (
        "neighbour-dispute",
        "judicial",
        "邻里纠纷",
        "Neighbour dispute",
        (168, 72, 24),
        "Disputes between neighbours that need mediation.",
    ),
    (
        "public-security",
        "police",
        "治安隐患",
        "Public security concern",
        (48, 12, 1),
        "Suspicious activity, broken locks or lighting that invite crime.",
    ),
    (
        "tourist-order",
        "tourism",
        "景区秩序",
        "Order in the scenic area",
        (72, 24, 4),
        "Touting, overcharging or crowding in and around the scenic area.",
    ),
    (
        "bus-stop",
        "bus",
        "公交站点设施",
        "Bus stop facilities",
        (168, 72, 12),
        "Damaged shelters, missing timetables, unsafe stops.",
    ),
    (
        "telecom-cables",
        "telecom",
        "通信线路",
        "Loose or fallen cables",
        (72, 24, 4),
        "Telecom cables hanging low, fallen or tangled.",
    ),
    (
        "hardship",
        "civil-affairs",
        "困难群众帮扶",
        "Help for a resident in hardship",
        (168, 72, 24),
        "An elderly, disabled or struggling resident who needs help.",
    ),
]

COMMUNITIES = [
    # code, Chinese, English, kind, number of grids (10 × ~10 = 103)
    ("xizha", "西栅社区", "Xizha Community", Community.Kind.COMMUNITY, 11),
    ("dongzha", "东栅社区", "Dongzha Community", Community.Kind.COMMUNITY, 11),
    ("nanzha", "南栅社区", "Nanzha Community", Community.Kind.COMMUNITY, 11),
    ("beizha", "北栅社区", "Beizha Community", Community.Kind.COMMUNITY, 10),
    ("hongqiao", "虹桥村", "Hongqiao Village", Community.Kind.VILLAGE, 10),
    ("minhe", "民合村", "Minhe Village", Community.Kind.VILLAGE, 10),
    ("chenzhuang", "陈庄村", "Chenzhuang Village", Community.Kind.VILLAGE, 10),
    ("henggang", "横港村", "Henggang Village", Community.Kind.VILLAGE, 10),
    ("baimatang", "白马塘村", "Baimatang Village", Community.Kind.VILLAGE, 10),
    ("lingan", "灵安村", "Ling'an Village", Community.Kind.VILLAGE, 10),
]

# The town's communities are laid out as a 5 × 2 block of rectangles centred on Wuzhen.
CENTRE_LAT, CENTRE_LNG = 30.74, 120.49
BLOCK_LNG, BLOCK_LAT = 0.024, 0.02
BLOCK_COLUMNS = 5

DEMO_MEMBERSHIPS = {
    "housekeeper@example.org": ("grid", 1, GridMembership.Role.HOUSEKEEPER),
    "gridleader@example.org": ("grid", 1, GridMembership.Role.GRID_LEADER),
    "staff@example.org": ("department", "law-enforcement", DepartmentMembership.Role.STAFF),
    "lead@example.org": ("department", "law-enforcement", DepartmentMembership.Role.LEAD),
}

DEMO_RESIDENTS = ["resident@example.org", "housekeeper@example.org", "gridleader@example.org"]


def _rectangle(west: float, south: float, width: float, height: float) -> dict:
    ring = [
        [west, south],
        [west + width, south],
        [west + width, south + height],
        [west, south + height],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def grid_boundaries() -> list[tuple[str, dict]]:
    """(community code, boundary) for every grid, numbered in this order from 1."""
    origin_lng = CENTRE_LNG - BLOCK_COLUMNS * BLOCK_LNG / 2
    origin_lat = CENTRE_LAT - BLOCK_LAT
    boundaries = []
    for index, (code, _zh, _en, _kind, grid_count) in enumerate(COMMUNITIES):
        block_west = origin_lng + (index % BLOCK_COLUMNS) * BLOCK_LNG
        block_south = origin_lat + (index // BLOCK_COLUMNS) * BLOCK_LAT
        columns, rows = (4, 3) if grid_count > 10 else (5, 2)
        width, height = BLOCK_LNG / columns, BLOCK_LAT / rows
        for cell in range(grid_count):
            west = block_west + (cell % columns) * width
            south = block_south + (cell // columns) * height
            boundaries.append((code, _rectangle(west, south, width, height)))
    return boundaries


def seed(*, stdout) -> dict[str, int]:
    platforms = {}
    for order, (code, name, name_en, description) in enumerate(PLATFORMS):
        platforms[code], _created = Platform.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": description,
                "sort_order": order,
            },
        )
    departments = {}
    for platform_code, code, name, name_en in DEPARTMENTS:
        departments[code], _created = Department.objects.update_or_create(
            code=code,
            defaults={"platform": platforms[platform_code], "name": name, "name_en": name_en},
        )
    for order, (code, department_code, name, name_en, hours, description) in enumerate(CATEGORIES):
        department = departments[department_code]
        routine, express, emergency = hours
        Category.objects.update_or_create(
            code=code,
            defaults={
                "platform": department.platform,
                "default_department": department,
                "name": name,
                "name_en": name_en,
                "description": description,
                "sla_routine_hours": routine,
                "sla_express_hours": express,
                "sla_emergency_hours": emergency,
                "sort_order": order,
            },
        )
    communities = {}
    for code, name, name_en, kind, _count in COMMUNITIES:
        communities[code], _created = Community.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind}
        )
    for number, (community_code, boundary) in enumerate(grid_boundaries(), start=1):
        Grid.objects.update_or_create(
            number=number,
            defaults={"community": communities[community_code], "boundary": boundary},
        )

    User = get_user_model()
    User.objects.filter(email__in=DEMO_RESIDENTS).update(home_grid=Grid.objects.get(number=1))
    users = User.objects.filter(email__in=DEMO_MEMBERSHIPS)
    for user in users:
        kind, key, role = DEMO_MEMBERSHIPS[user.email]
        if kind == "grid":
            GridMembership.objects.update_or_create(
                user=user, grid=Grid.objects.get(number=key), defaults={"role": role}
            )
        else:
            DepartmentMembership.objects.update_or_create(
                user=user, department=departments[key], defaults={"role": role}
            )
    return {
        "platforms": Platform.objects.count(),
        "departments": Department.objects.count(),
        "categories": Category.objects.count(),
        "villages and communities": Community.objects.count(),
        "grids": Grid.objects.count(),
    }
