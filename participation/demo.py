"""The demo town, modelled on Wuzhen (Tongxiang, Zhejiang): the linkage centre's 4 platforms,
25 departments, 10 villages and communities divided into 103 grids around 30.74°N 120.49°E,
the problem categories residents report, each routed to a department with time limits, and a
year of cases reported by 30 demo residents, at every step of the workflow.

The cases are made by `seed_cases` (also used by `make bench` with 100,000 cases): a fixed random
seed, so the town looks the same every time; dates relative to now; rows written with
`bulk_create` in batches, so it takes a second or two."""

import io
import json
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from PIL import Image, ImageDraw

from portal import roles
from portal.demo import demo_password_hash, demo_user

from . import services, workflow
from .models import (
    ApiKey,
    Attachment,
    Case,
    CaseAssist,
    CaseEvent,
    CaseFollow,
    CaseSupport,
    Category,
    CategoryAttribute,
    Community,
    Department,
    DepartmentMembership,
    Evaluation,
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

# Seen only by the reporter and staff until the linkage centre publishes them.
PRIVATE_CATEGORIES = {"neighbour-dispute", "public-security", "hardship"}
# Categories whose repairs the linkage centre examines before they count as resolved.
CENTRE_CHECKED = {"manhole-cover", "illegal-building"}
# Joint handling: the department asked to help with some cases of a category, what it must do
# and what it records (both languages).
JOINT = {
    "illegal-building": (
        "planning",
        "测量违建面积，核实有无规划许可。\nMeasure the extension and check for a planning permit.",
        "已测量，无规划许可。\nMeasured: no planning permit.",
    ),
    "street-stalls": (
        "market-supervision",
        "核查摊主经营许可。\nCheck the stallholders' trading licences.",
        "已核查，两户无证经营，已登记。\nChecked: two had no licence and are on record.",
    ),
}

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
            # The last grid reaches the block's edge, so a community has no hole in it.
            cell_width = block_west + BLOCK_LNG - west if cell == grid_count - 1 else width
            boundaries.append((code, _rectangle(west, south, cell_width, height)))
    return boundaries


COVER_STATES = "missing | 丢失 | Missing\nbroken | 破损 | Broken\nloose | 松动 | Loose or rattling"

# Extra questions some categories ask (Open311 service attributes):
# code, datatype, required, question (zh), question (en), choices ("key | 中文 | English" lines).
QUESTIONS = {
    "manhole-cover": [
        (
            "hurt",
            "singlevaluelist",
            True,
            "是否有人受伤？",
            "Has anyone been hurt?",
            "no | 没有 | No\nyes | 有人受伤 | Yes, someone is hurt",
        ),
        ("cover", "singlevaluelist", False, "井盖情况", "The cover is…", COVER_STATES),
    ],
    "illegal-building": [
        ("area", "number", False, "大约面积（平方米）", "Approximate area (m²)", ""),
        (
            "stage",
            "multivaluelist",
            False,
            "现在的情况",
            "What is happening now",
            "digging | 正在挖地基 | Digging foundations\n"
            "walls | 正在砌墙 | Building walls\n"
            "roof | 正在加盖屋顶 | Adding a roof\n"
            "finished | 已经建好 | Finished",
        ),
    ],
}

# A key for trying the API on a demo town (dev only: seed_demo refuses to run in production).
DEMO_API_KEY = "wz_demo_open311_key_for_trying_the_api"


def seed_api_key() -> int:
    from .open311 import services as open311_services

    open311_services.api_key_install(name="Demo app", raw=DEMO_API_KEY)
    return ApiKey.objects.count()


def seed(*, stdout) -> dict[str, int]:
    from .campaigns.demo import seed_campaigns
    from .leadership.demo import seed_problem_lists
    from .organisation.demo import seed_organisation
    from .statistics.demo_appraisal import seed_appraisal
    from .statistics.demo_bulletins import seed_bulletins
    from .statistics.rollup import statistics_rollup

    counts = seed_structure()
    counts["API keys"] = seed_api_key()
    counts.update(seed_cases(stdout=stdout))
    counts["statistics months"] = statistics_rollup()  # the statistics page has figures at once
    counts["repairs confirmed on site"] = seed_on_site()
    counts["photos of repairs to check"] = seed_photos()
    # Above single cases: appraisal, the grids' own organisation, leadership lists, campaigns.
    counts["appraisal months"] = seed_appraisal()
    counts.update(seed_organisation())
    counts.update(seed_problem_lists(stdout=stdout))
    counts.update(seed_campaigns(stdout=stdout))
    # After every demo that reports cases, so theirs earn points too.
    counts["steps that earn or return points"] = seed_points()
    # Last, the month's bulletin, which reads all of the above.
    counts["bulletins"] = seed_bulletins()
    return counts


def _demo_photo(name: str, *, after: bool) -> ContentFile:
    """A drawn stand-in for a phone photo: a road with a hole (before) or a new cover (after)."""
    image = Image.new("RGB", (640, 480), (150, 150, 145))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(95, 95, 95))
    if after:
        draw.ellipse((220, 330, 420, 430), fill=(60, 60, 70), outline=(30, 30, 30), width=6)
        for x in range(240, 410, 22):
            draw.line((x, 340, x, 420), fill=(40, 40, 48), width=4)
    else:
        draw.ellipse((220, 330, 420, 430), fill=(15, 15, 15))
        draw.polygon([(200, 320), (250, 300), (240, 340)], fill=(200, 120, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)


def seed_photos() -> int:
    """Before and after photos for the repairs waiting for the centre's check (the demo cases
    have none otherwise), so the side-by-side check has something to compare. Once per case."""
    from .tasks import attachment_thumbnail

    made = 0
    for case in Case.objects.filter(status=Status.AWAITING_CHECK, attachments=None):
        for stage, after in (
            (Attachment.Stage.REPORT, False),
            (Attachment.Stage.RECTIFICATION, True),
        ):
            photo = Attachment(
                case=case,
                kind=Attachment.Kind.PHOTO,
                stage=stage,
                content_type="image/jpeg",
                width=640,
                height=480,
                uploaded_by=case.reporter if not after else None,
                created_at=case.submitted_at if not after else case.updated_at,
            )
            photo.file.save(
                f"demo-{case.pk}-{stage}.jpg", _demo_photo("p.jpg", after=after), save=False
            )
            photo.save()
            attachment_thumbnail(photo.pk)
            made += 1
    return made


def seed_on_site(*, now=None) -> int:
    """What the demo grids' housekeepers saw: for emergencies the department fixed, when the
    hazard appeared; most repairs in a grid with housekeepers checked on site a few hours after
    the department resolved them (its newest few left for the demo housekeeper to check). Once:
    nothing is added where a confirmation exists already."""
    if CaseEvent.objects.filter(action=CaseEvent.Action.CONFIRM).exists():
        return 0
    rng, now = random.Random(RANDOM_SEED), now or timezone.now()
    emergencies = Case.objects.filter(
        urgency=Case.Urgency.EMERGENCY, resolved_at__isnull=False, hazard_appeared_at=None
    ).only("pk", "submitted_at")
    for case in emergencies:
        case.hazard_appeared_at = case.submitted_at - timedelta(minutes=rng.randint(5, 240))
        case.hazard_confirmed = True
    Case.objects.bulk_update(
        emergencies, ["hazard_appeared_at", "hazard_confirmed"], batch_size=1000
    )

    confirmations = []
    keepers = {}
    for membership in GridMembership.objects.order_by("pk"):
        keepers.setdefault(membership.grid_id, []).append(membership.user_id)
    fixed = Case.objects.filter(
        grid_id__in=keepers,
        is_hidden=False,
        status__in=[Status.RESOLVED, Status.CLOSED],
        resolved_at__isnull=False,
    ).order_by("-resolved_at")
    waiting = dict.fromkeys(keepers, 0)
    for case in fixed:
        at = case.resolved_at + timedelta(hours=rng.uniform(2, 30))
        if case.closed_at:  # they went before the case was closed
            at = case.resolved_at + (case.closed_at - case.resolved_at) * rng.uniform(0.2, 0.9)
        if case.status == Status.RESOLVED and waiting[case.grid_id] < 3:
            waiting[case.grid_id] += 1  # each grid's newest repairs wait for someone to look
            continue
        if at > now or rng.random() < 0.25:
            continue
        confirmations.append(
            CaseEvent(
                case=case,
                actor_id=rng.choice(keepers[case.grid_id]),
                action=CaseEvent.Action.CONFIRM,
                from_status=Status.RESOLVED,
                to_status=Status.RESOLVED,
                created_at=at,
            )
        )
        if at > case.updated_at:
            case.updated_at = at
    CaseEvent.objects.bulk_create(confirmations)
    Case.objects.bulk_update(
        [event.case for event in confirmations], ["updated_at"], batch_size=1000
    )
    return len(confirmations)


def seed_points() -> int:
    """The points the demo cases' history earned, as the workflow would have awarded them at the
    time of each step (the same keys, so running it again writes nothing)."""
    from . import points

    Action = CaseEvent.Action
    steps = (
        CaseEvent.objects.filter(
            Q(case__reporter__isnull=False)
            & Q(
                Q(action=Action.SUBMIT, case__status=Status.SUBMITTED)  # still pending
                | Q(
                    action__in=[
                        Action.DISPATCH,
                        Action.RESOLVE,
                        Action.EVALUATE,
                        Action.REJECT,
                        Action.MERGE,
                    ]
                )
            )
            | Q(action=Action.CONFIRM)
        )
        .select_related("case__reporter", "case__duplicate_of", "actor")
        .order_by("created_at", "pk")
    )
    done = 0
    with transaction.atomic():
        for event in steps.iterator(chunk_size=2000):
            points.for_event(event)
            done += 1
    return done


def seed_structure() -> dict[str, int]:
    """Platforms, departments, categories, communities, grids and the demo staff's memberships."""
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
                "public_by_default": code not in PRIVATE_CATEGORIES,
                "centre_checks_repairs": code in CENTRE_CHECKED,
            },
        )
    for category_code, questions in QUESTIONS.items():
        category = Category.objects.get(code=category_code)
        for order, (code, datatype, required, description, description_en, values) in enumerate(
            questions
        ):
            CategoryAttribute.objects.update_or_create(
                category=category,
                code=code,
                defaults={
                    "datatype": datatype,
                    "required": required,
                    "description": description,
                    "description_en": description_en,
                    "values": values,
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
    # Grid 1's housekeepers chose to be shown on the leaderboards (the resident has not, yet).
    User.objects.filter(email__in=DEMO_RESIDENTS[1:]).update(on_leaderboard=True)
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


# --- A year of demo cases ------------------------------------------------------------------------

DEMO_CASE_COUNT = 2000
RANDOM_SEED = 2026
DEMO_RESIDENT_DOMAIN = "demo.wuzhen.example"
DEMO_RESIDENT_NAMES = [
    "Chen Xiaoyu", "Shen Jianguo", "Xu Lihua", "Zhu Wenjie", "Shen Meiling", "Qian Hao",
    "Lu Yuting", "Yao Jun", "Fei Qiong", "Gu Minghui", "Jiang Lan", "Wu Xiaodong", "Xu Jing",
    "Zhang Yimin", "Wang Xiuying", "Li Qiang", "Zhou Lei", "Sun Yan", "Ma Jun", "Hu Ping",
    "Guo Jie", "He Na", "Gao Feng", "Lin Tao", "Luo Min", "Zheng Yong", "Liang Hui", "Xie Fang",
    "Song Bo", "Tang Xin",
]  # fmt: skip
# The demo resident of portal.demo, who gets a few cases of their own (one waiting for their
# evaluation), and the staff who appear as actors on the timelines.
OWN_CASES_EMAIL = "resident@example.org"
DISPATCHER_EMAIL = "dispatcher@example.org"
STAFF_EMAILS = {"law-enforcement": "staff@example.org"}

# Three places in each village or community, for titles and addresses: (Chinese, English).
PLACES = {
    "xizha": [
        ("西栅大街", "Xizha Street"),
        ("子夜路", "Ziye Road"),
        ("昭明书院", "Zhaoming Academy"),
    ],
    "dongzha": [
        ("东栅老街", "Dongzha Old Street"),
        ("财神湾", "Caishen Bay"),
        ("东大街", "East Street"),
    ],
    "nanzha": [
        ("南栅浜", "Nanzha Creek"),
        ("隆源路", "Longyuan Road"),
        ("南栅停车场", "the Nanzha car park"),
    ],
    "beizha": [
        ("北栅菜场", "the Beizha market"),
        ("新华路", "Xinhua Road"),
        ("北栅丝厂", "the old Beizha silk mill"),
    ],
    "hongqiao": [
        ("虹桥路", "Hongqiao Road"),
        ("虹桥村文化礼堂", "the Hongqiao village hall"),
        ("虹桥小学", "Hongqiao primary school"),
    ],
    "minhe": [
        ("民合村委会", "the Minhe village office"),
        ("民合桥", "Minhe bridge"),
        ("乌镇大道", "Wuzhen Avenue"),
    ],
    "chenzhuang": [
        ("陈庄小学", "Chenzhuang primary school"),
        ("陈庄村三组", "Chenzhuang group 3"),
        ("环河路", "Huanhe Road"),
    ],
    "henggang": [
        ("横港河边", "the Henggang riverside"),
        ("横港村卫生室", "the Henggang clinic"),
        ("石佛南路", "Shifo South Road"),
    ],
    "baimatang": [
        ("白马塘桥", "Baimatang bridge"),
        ("白马塘村口", "the Baimatang village entrance"),
        ("乌镇高铁站", "Wuzhen high-speed rail station"),
    ],
    "lingan": [
        ("灵安村委会", "the Ling'an village office"),
        ("灵安菜场", "the Ling'an market"),
        ("互联网国际会展中心", "the Internet International Convention Centre"),
    ],
}

# Per category: how often it is reported (relative), what residents write (Chinese, English),
# and what departments answer when they resolve it.
CASE_TEXTS = {
    "manhole-cover": (
        5,
        [
            ("井盖缺失", "Manhole cover missing"),
            ("井盖松动异响", "Loose, rattling manhole cover"),
            ("雨水井盖破裂", "Cracked drain cover"),
        ],
        [
            ("已更换新井盖并加装防坠网。", "A new cover was fitted, with a safety net underneath."),
            ("已对井盖重新固定、调平。", "The cover was re-seated and levelled."),
        ],
    ),
    "illegal-building": (
        4,
        [
            ("楼顶违章搭建", "Illegal rooftop structure"),
            ("私自扩建院墙", "Courtyard wall extended without permission"),
            ("河边违建棚屋", "Illegal shed by the river"),
        ],
        [
            (
                "执法队员现场核查，当事人已自行拆除违建部分。",
                "Officers inspected; the owner has taken the structure down.",
            ),
            (
                "已下达限期整改通知书，违建已依法拆除。",
                "A rectification notice was served and the structure has been removed.",
            ),
        ],
    ),
    "street-stalls": (
        9,
        [
            ("流动摊贩占道经营", "Hawkers blocking the road"),
            ("店铺出店经营", "Shop goods spread onto the pavement"),
            ("早市摊位堵路", "Morning market stalls block the lane"),
        ],
        [
            (
                "已劝导摊贩进入规定区域经营，并加强巡查。",
                "Hawkers were moved to the market area and patrols increased.",
            ),
            ("已责令店铺退回店内经营。", "The shops were told to keep their goods inside."),
        ],
    ),
    "clutter": (
        7,
        [
            ("楼道堆放杂物", "Stairwell full of clutter"),
            ("公共区域堆放建筑材料", "Building materials dumped in a public space"),
            ("废旧家具长期堆放", "Old furniture left out for weeks"),
        ],
        [
            (
                "已通知物业和住户清理，现场已清空。",
                "The owners and the property manager cleared it; the area is clear.",
            ),
            ("已组织人员清运堆积物。", "The pile was taken away."),
        ],
    ),
    "rubbish": (
        12,
        [
            ("垃圾桶满溢未清运", "Overflowing bins not emptied"),
            ("路边乱倒垃圾", "Rubbish dumped by the road"),
            ("垃圾清运不及时有异味", "Rubbish left out and smelling"),
        ],
        [
            ("已安排环卫车清运并对周边进行冲洗。", "Collected, and the area washed down."),
            ("已增加该点位清运频次。", "Collections here have been increased."),
        ],
    ),
    "street-light": (
        8,
        [
            ("路灯不亮", "Street light out"),
            ("路灯白天常亮", "Street light on all day"),
            ("路灯闪烁", "Flickering street light"),
        ],
        [
            ("已更换灯具，夜间复查正常。", "The lamp was replaced and checked after dark."),
            ("已修复线路故障。", "A wiring fault was repaired."),
        ],
    ),
    "road-damage": (
        7,
        [
            ("路面坑洼积水", "Potholes that fill with water"),
            ("人行道地砖松动", "Loose paving stones"),
            ("路面塌陷", "The road surface has sunk"),
        ],
        [
            ("已完成路面修补。", "The surface has been patched."),
            ("已更换破损地砖并压实。", "Broken paving was replaced and compacted."),
        ],
    ),
    "water-pollution": (
        4,
        [
            ("河道漂浮垃圾", "Rubbish floating in the canal"),
            ("河水发黑发臭", "Black, smelly water"),
            ("排污口偷排污水", "Sewage discharged into the river"),
        ],
        [
            (
                "已安排保洁船打捞，并排查上游排口。",
                "A cleaning boat cleared it and upstream outlets were checked.",
            ),
            (
                "已封堵违规排污口，并对责任单位立案查处。",
                "The illegal outlet was sealed and the polluter is being prosecuted.",
            ),
        ],
    ),
    "noise": (
        6,
        [
            ("夜间施工噪音扰民", "Construction noise at night"),
            ("商铺音响声音过大", "Loud music from a shop"),
            ("广场舞音量过大", "Square dancing too loud"),
        ],
        [
            (
                "已责令停止夜间施工，并告知施工许可时段。",
                "Night work was stopped and the permitted hours explained.",
            ),
            ("已现场劝导降低音量。", "They were asked to turn it down, and have."),
        ],
    ),
    "illegal-parking": (
        9,
        [
            ("车辆占用消防通道", "Cars parked in the fire lane"),
            ("车辆堵住小区出入口", "A car blocks the estate entrance"),
            ("旅游大巴乱停", "Tour coaches parked on the road"),
        ],
        [
            (
                "已联系车主挪车并张贴告知单。",
                "The owners moved their vehicles; notices were posted.",
            ),
            ("已对违停车辆依法处罚，并加强巡逻。", "Fines were issued and patrols increased."),
        ],
    ),
    "water-supply": (
        4,
        [
            ("停水无通知", "Water cut off without notice"),
            ("水压太低", "Very low water pressure"),
            ("自来水管爆裂", "Burst water main"),
        ],
        [
            ("已抢修管道，恢复正常供水。", "The pipe was repaired and supply restored."),
            ("已调整片区供水压力。", "The pressure in the area was adjusted."),
        ],
    ),
    "gas-hazard": (
        2,
        [
            ("闻到燃气味", "Smell of gas"),
            ("燃气表箱破损", "Damaged gas meter box"),
            ("燃气管道锈蚀", "Rusted gas pipe"),
        ],
        [
            (
                "已上门检测，更换了老化软管和阀门。",
                "Tested on site; the old hose and valve were replaced.",
            ),
            (
                "已更换锈蚀管段并做气密性测试。",
                "The rusted section was replaced and pressure-tested.",
            ),
        ],
    ),
    "fire-hazard": (
        4,
        [
            ("电动车在楼道充电", "E-bikes charging in the stairwell"),
            ("消防通道被堵", "Fire escape blocked"),
            ("私拉电线", "Unsafe wiring strung across the lane"),
        ],
        [
            (
                "已清理楼道电动车，并设置集中充电点。",
                "The e-bikes were cleared and a shared charging point set up.",
            ),
            ("已拆除私拉电线，消除隐患。", "The unsafe wiring was taken down."),
        ],
    ),
    "food-safety": (
        3,
        [
            ("餐馆后厨卫生差", "Dirty restaurant kitchen"),
            ("超市销售过期食品", "Shop selling out-of-date food"),
            ("小吃摊无健康证", "Food stall without health certificates"),
        ],
        [
            (
                "已对商户进行检查并责令整改，复查合格。",
                "Inspected, ordered to put it right, re-inspected and passed.",
            ),
            ("已下架过期食品并立案处理。", "The expired goods were removed and a case opened."),
        ],
    ),
    "unlicensed-business": (
        2,
        [
            ("无证经营民宿", "Guesthouse without a licence"),
            ("无照开设小作坊", "Unlicensed workshop"),
            ("无证网吧", "Unlicensed internet café"),
        ],
        [
            (
                "已责令停业，指导其办理相关证照。",
                "Told to close until licensed, and shown how to apply.",
            ),
            (
                "经查已办理营业执照，已告知居民。",
                "It now holds a licence; the residents were told.",
            ),
        ],
    ),
    "work-safety": (
        2,
        [
            ("工地脚手架不牢固", "Unsafe scaffolding"),
            ("仓库违规存放易燃品", "Flammables stored unsafely"),
            ("工人高空作业无防护", "Workers at height without harnesses"),
        ],
        [
            (
                "已责令停工整改，整改后复查合格。",
                "Work stopped until fixed; re-inspected and passed.",
            ),
            (
                "已督促企业清理易燃物品并完善台账。",
                "The company removed the flammables and updated its register.",
            ),
        ],
    ),
    "neighbour-dispute": (
        3,
        [
            ("邻居装修漏水纠纷", "Leak from a neighbour's renovation"),
            ("宅基地边界纠纷", "Boundary dispute between neighbours"),
            ("楼上噪音纠纷", "Noise dispute with the flat upstairs"),
        ],
        [
            (
                "司法所组织双方调解，已达成调解协议。",
                "The Judicial Office mediated; both sides signed an agreement.",
            ),
            (
                "经调解，双方同意共同维修。",
                "After mediation both sides agreed to share the repair.",
            ),
        ],
    ),
    "public-security": (
        3,
        [
            ("小区门禁损坏", "Estate gate lock broken"),
            ("夜间有可疑人员徘徊", "Suspicious people about at night"),
            ("监控探头损坏", "CCTV camera broken"),
        ],
        [
            ("已修复门禁并加强夜间巡逻。", "The gate was repaired and night patrols increased."),
            ("已更换监控设备。", "The camera was replaced."),
        ],
    ),
    "tourist-order": (
        4,
        [
            ("景区门口拉客", "Touts at the scenic area entrance"),
            ("游船乱收费", "Boat rides overcharging"),
            ("节假日游客拥堵", "Holiday crowding at the gate"),
        ],
        [
            (
                "已约谈相关经营户，并设立投诉公示牌。",
                "The operators were warned and a complaints board put up.",
            ),
            ("已增派人员疏导客流。", "More staff were sent to manage the crowds."),
        ],
    ),
    "bus-stop": (
        3,
        [
            ("公交站亭破损", "Bus shelter damaged"),
            ("站牌时刻表缺失", "Timetable missing at the stop"),
            ("公交站台积水", "Bus stop floods when it rains"),
        ],
        [
            ("已修复站亭并更换站牌。", "The shelter was repaired and the sign replaced."),
            ("已加装排水设施。", "A drain was added."),
        ],
    ),
    "telecom-cables": (
        3,
        [
            ("通信线缆垂落", "Cables hanging low over the road"),
            ("线缆缠绕杂乱", "Tangled cables on the wall"),
            ("光缆被挂断", "Fibre cable torn down"),
        ],
        [
            ("已重新架设并固定线缆。", "The cables were re-hung and secured."),
            ("已清理废弃线缆。", "Disused cables were removed."),
        ],
    ),
    "hardship": (
        2,
        [
            ("独居老人需要帮助", "An elderly resident living alone needs help"),
            ("残疾人家庭生活困难", "A family with a disabled member is struggling"),
            ("困难家庭房屋漏雨", "Leaking roof in a low-income home"),
        ],
        [
            (
                "民政办已上门走访，办理临时救助并安排志愿者定期探望。",
                "Civil Affairs visited, granted temporary assistance and arranged volunteer visits.",
            ),
            ("已协调修缮房屋。", "Repairs to the home have been arranged."),
        ],
    ),
}
DETAILS = [
    (
        "已经持续好几天了，希望尽快处理。",
        "It has been like this for days; please deal with it soon.",
    ),
    ("附近居民已经反映过好几次。", "Neighbours have complained about it several times."),
    ("晚上经过特别不方便。", "It is a real problem after dark."),
    ("老人和孩子经过时很危险。", "It is dangerous for the elderly and for children."),
    ("请相关部门来现场看看。", "Please send someone to look."),
    ("游客也经常经过这里。", "Lots of visitors pass this way too."),
]
ACCEPT_MESSAGES = [
    ("已安排工作人员到现场核查。", "Staff are on their way to inspect the site."),
    ("已列入本周处理计划。", "It is on this week's work plan."),
]
# Why the centre sent a repair back (internal notes, both languages).
SEND_BACKS = [
    "照片看不出井盖已更换，请补拍。\nThe photo does not show the new cover: take another.",
    "整改后现场仍有隐患，请重新处理。\nThe site is still unsafe after the work: redo it.",
    "只拆除了一部分，请全部整改到位。\nOnly part was removed: finish the job.",
]

REJECTIONS = [
    # public message (Chinese, English), internal reason
    (
        "经核实不属于本平台受理范围，已电话告知反映人。",
        "This is not something the portal handles; the reporter was told by phone.",
        "Outside our remit (private contract dispute).",
    ),
    (
        "与已受理的案件重复，将在原案件中一并处理。",
        "This repeats a case already being handled; it is dealt with there.",
        "Duplicate report.",
    ),
    (
        "信息不足，无法定位问题，请补充后重新反映。",
        "We could not find the problem from this report; please report it again with more detail.",
        "Location unclear, reporter unreachable.",
    ),
]
COMMENTS = {
    Evaluation.Rating.SATISFIED: [
        "处理很及时，谢谢！",
        "Fixed quickly, thank you.",
        "",
        "",
        "点赞！",
    ],
    Evaluation.Rating.BASICALLY_SATISFIED: [
        "基本解决了，希望以后多巡查。",
        "Mostly fixed; please check it now and then.",
        "",
    ],
    Evaluation.Rating.UNSATISFIED: [
        "问题还没有彻底解决。",
        "It is still not properly fixed.",
        "过了两天又出现了。",
    ],
}
SOURCES = {  # weights
    Case.Source.WEB: 66,
    Case.Source.OPEN311: 10,
    Case.Source.HOTLINE: 12,
    Case.Source.PATROL: 9,
    Case.Source.INSPECTION: 3,
}
URGENCIES = {Case.Urgency.ROUTINE: 85, Case.Urgency.EXPRESS: 12, Case.Urgency.EMERGENCY: 3}
# When residents report, by local hour: mostly daytime, a few late at night.
HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 8, 10, 10, 9, 8, 7, 8, 9, 9, 8, 8, 9, 9, 8, 6, 4, 2]

# The residents' own stories, fixed so a reviewer can find them: (days ago, local hour, category,
# what happens). The first two are older than the year of demo cases: the points of the first
# have expired (points last 12 months), the second's expire within the month.
OWN_CASES = [
    (380, 9, "street-light", {"evaluate": True, "rating": Evaluation.Rating.SATISFIED}),
    (350, 15, "rubbish", {"evaluate": True, "rating": Evaluation.Rating.BASICALLY_SATISFIED}),
    (41, 9, "rubbish", {"evaluate": True, "rating": Evaluation.Rating.SATISFIED}),
    # Resolved and waiting for their evaluation (and for a housekeeper of grid 1 to check).
    (4, 10, "street-stalls", {"stop": Case.Status.RESOLVED, "factor": 0.5, "fast": True}),
    (2, 10, "street-light", {"stop": Case.Status.IN_PROGRESS, "fast": True}),
    # Fixed, the department says: the linkage centre is checking the repair.
    (1, 11, "manhole-cover", {"stop": Case.Status.AWAITING_CHECK, "fast": True, "factor": 0.05}),
    # ...and one the Law Enforcement Squad (staff@example.org) says it has taken down.
    (1, 15, "illegal-building", {"stop": Case.Status.AWAITING_CHECK, "fast": True, "factor": 0.05}),
    # Sent this morning (or last night): still at the centre, its points pending.
    (0, 7, "rubbish", {"stop": Case.Status.SUBMITTED}),
]

Status = Case.Status
Action = CaseEvent.Action


class _Done(Exception):
    """The case's story has reached the present (or where it stalls)."""


@dataclass
class _Story:
    """One generated case and what happened to it, before it has a primary key."""

    case: Case
    events: list = field(default_factory=list)  # (at, action, from, to, actor_id, public, note)
    evaluations: list = field(default_factory=list)  # (round, rating, comment, at)
    # Joint handling: (department id, task, status, note, asked at, done at)
    assists: list = field(default_factory=list)
    supporters: list = field(default_factory=list)  # (user_id, at)


def demo_residents() -> list:
    """The 30 demo residents who report most cases: verified, Resident role, a home grid each."""
    grids = {grid.number: grid for grid in Grid.objects.all()}
    password_hash = demo_password_hash()
    return [
        demo_user(
            f"resident{index:02d}@{DEMO_RESIDENT_DOMAIN}",
            name,
            [roles.RESIDENT],
            password_hash=password_hash,
            home_grid=grids.get((index * 37) % len(grids) + 1),
            on_leaderboard=index % 3 != 0,  # most chose to be shown on the leaderboards
        )
        for index, name in enumerate(DEMO_RESIDENT_NAMES, start=1)
    ]


def demo_cases_exist() -> bool:
    return Case.objects.filter(reporter__email__endswith=f"@{DEMO_RESIDENT_DOMAIN}").exists()


def seed_cases(
    *,
    count: int | None = None,
    now=None,
    random_seed: int = RANDOM_SEED,
    batch_size: int = 2000,
    stdout=None,
) -> dict[str, int]:
    """About `count` (default DEMO_CASE_COUNT) cases over the 12 months before `now`, plus the
    demo resident's own few, written in batches. Adds nothing if the demo residents have reported
    cases already."""
    residents = demo_residents()
    if not demo_cases_exist():
        now = now or timezone.now()
        User = get_user_model()
        staff = dict(
            User.objects.filter(email__in=[DISPATCHER_EMAIL, *STAFF_EMAILS.values()]).values_list(
                "email", "pk"
            )
        )
        generator = _Generator(
            rng=random.Random(random_seed),
            now=now,
            residents=[user.pk for user in residents],
            dispatcher=staff.get(DISPATCHER_EMAIL),
            staff={code: staff.get(email) for code, email in STAFF_EMAILS.items()},
        )
        own = User.objects.filter(email=OWN_CASES_EMAIL).first()
        plans = generator.schedule(DEMO_CASE_COUNT if count is None else count, own_reporter=own)
        for start in range(0, len(plans), batch_size):
            _write([generator.story(*plan) for plan in plans[start : start + batch_size]])
        if stdout is not None:
            stdout.write(
                f"  Demo cases: {len(plans)} over the last 12 months, most reported by demo "
                f"residents resident01…resident{len(residents):02d}@{DEMO_RESIDENT_DOMAIN} "
                "(same password)."
            )
            if own:
                stdout.write(
                    f"  {OWN_CASES_EMAIL} has {len(OWN_CASES)} cases; one is resolved and "
                    "waiting for their evaluation."
                )
    return {
        "demo residents": len(residents),
        "cases": Case.objects.count(),
        "case events": CaseEvent.objects.count(),
        "evaluations": Evaluation.objects.count(),
    }


def _write(stories: list[_Story]) -> None:
    """Insert a batch of stories: cases first (for their ids), then everything that refers to them."""
    columns = [field.attname for field in Case._meta.concrete_fields if not field.primary_key]
    rows = [[getattr(story.case, name) for name in columns] for story in stories]
    for story, pk in zip(stories, _insert(Case, columns, rows), strict=True):
        story.case.pk = pk
    events, evaluations, supports, follows, assists = [], [], [], [], []
    for story in stories:
        case = story.case
        events += [
            (case.pk, *event[:7], event[7] if len(event) > 7 else {}) for event in story.events
        ]
        assists += [(case.pk, *row) for row in story.assists]
        evaluations += [(case.pk, case.reporter_id, *row) for row in story.evaluations]
        if case.reporter_id:
            follows.append((case.pk, case.reporter_id, case.submitted_at))
        for user_id, at in story.supporters:
            supports.append((case.pk, user_id, at))
            follows.append((case.pk, user_id, at))
    event_columns = ["case_id", "created_at", "action", "from_status", "to_status", "actor_id"]
    _insert(CaseEvent, [*event_columns, "public_message", "internal_note", "details"], events)
    _insert(
        Evaluation,
        ["case_id", "evaluator_id", "round", "rating", "comment", "created_at"],
        evaluations,
    )
    _insert(CaseSupport, ["case_id", "user_id", "created_at"], supports)
    _insert(CaseFollow, ["case_id", "user_id", "created_at"], follows)
    _insert(
        CaseAssist,
        ["case_id", "department_id", "task", "status", "note", "created_at", "done_at"]
        + ["waived_reason"],
        [(*row, "") for row in assists],
    )


def _insert(model, columns: list[str], rows: list) -> list[int]:
    """Insert rows (values for `columns`, by attname) and return their new ids, in order.

    `bulk_create`, except on SQLite: there a plain `executemany` with the ids chosen here, ~20×
    faster (no model instances, no SQL compiled per row), which `make bench` needs for its
    100,000 cases. Choosing ids is safe there: the seed's transaction holds SQLite's only write
    lock, and ids continue after both the largest id and SQLite's AUTOINCREMENT counter, so a
    deleted case's number is never reused."""
    if not rows:
        return []
    if connection.vendor != "sqlite":
        objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        return [obj.pk for obj in model.objects.bulk_create(objs)]
    table = model._meta.db_table
    fields = [model._meta.get_field(name) for name in columns]
    # Datetimes as Django's SQLite backend stores them: naive, in the connection's time zone.
    utc = connection.timezone
    when = [i for i, field in enumerate(fields) if isinstance(field, models.DateTimeField)]
    as_json = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MAX("id") FROM "{table}"')
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        first = max(largest, sequence[0] if sequence else 0) + 1
        params = []
        for pk, row in enumerate(rows, start=first):
            row = [pk, *row]
            for i in when:
                if row[i + 1] is not None:
                    row[i + 1] = str(row[i + 1].astimezone(utc).replace(tzinfo=None))
            for i in as_json:
                row[i + 1] = json.dumps(row[i + 1])
            params.append(row)
        names = ", ".join(f'"{field.column}"' for field in [model._meta.pk, *fields])
        marks = ", ".join(["%s"] * (len(fields) + 1))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', params)
    return list(range(first, first + len(rows)))


class _Generator:
    def __init__(self, *, rng, now, residents, dispatcher, staff):
        # The town and the plan come from `rng`; each case's story from a stream of its own
        # (`story`), so a case that has not got as far at this time of day does not change the
        # cases after it.
        self.rng = self.plan_rng = rng
        self.now = now
        self.residents = residents
        self.dispatcher = dispatcher
        self.staff = staff
        self.tz = timezone.get_current_timezone()
        self.categories = list(
            Category.objects.filter(code__in=CASE_TEXTS).select_related("default_department")
        )
        self.departments = {d.code: d for d in Department.objects.all()}
        self.category_weights = [CASE_TEXTS[c.code][0] for c in self.categories]
        self.grids = []
        for grid in Grid.objects.select_related("community").order_by("number"):
            ring = grid.boundary["coordinates"][0]
            lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
            box = (min(lngs), min(lats), max(lngs), max(lats))
            self.grids.append((grid.pk, grid.number, grid.community.code, box))
        # Busier grids in the old town than in the villages, and some busier than others.
        self.grid_weights = [
            (1.6 if code in {"xizha", "dongzha", "nanzha", "beizha"} else 1.0)
            * self.rng.uniform(0.5, 1.5)
            for _pk, _number, code, _box in self.grids
        ]
        # A few residents report a lot, most a little.
        self.resident_weights = [1 / (rank + 2) for rank in range(len(self.residents))]

    # Plans: when each case is reported, in order, so ids grow with time as in real life.

    def schedule(self, count, *, own_reporter=None) -> list[tuple]:
        plans = []
        rng = self.plan_rng
        for _ in range(count):
            # More reports lately than a year ago: half uniform, half leaning towards now.
            u = rng.random()
            age = u if rng.random() < 0.5 else 1 - math.sqrt(1 - u)
            day = (self.now - timedelta(days=365 * age)).astimezone(self.tz).date()
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            plans.append((self._at(day, hour), None, None, None, {}, rng.getrandbits(64)))
        if own_reporter is not None:
            by_code = {c.code: c for c in self.categories}
            for days, hour, code, force in OWN_CASES:
                day = (self.now - timedelta(days=days)).astimezone(self.tz).date()
                grid = own_reporter.home_grid_id or self.grids[0][0]
                at = self._at(day, hour)
                plans.append((at, own_reporter.pk, by_code[code], grid, force, rng.getrandbits(64)))
        plans.sort(key=lambda plan: plan[0])
        return plans

    def _at(self, day, hour) -> datetime:
        rng = self.plan_rng
        at = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
        at = at.replace(tzinfo=self.tz)
        return at if at < self.now else at - timedelta(days=1)

    # Stories: who reported what, where, and how far it has got by now.

    def story(self, submitted_at, reporter_id, category, grid_pk, force, seed) -> _Story:
        rng = self.rng = random.Random(seed)
        category = category or rng.choices(self.categories, weights=self.category_weights)[0]
        if grid_pk is None:
            grid_index = rng.choices(range(len(self.grids)), weights=self.grid_weights)[0]
        else:
            grid_index = next(i for i, grid in enumerate(self.grids) if grid[0] == grid_pk)
        grid_pk, _number, community, (west, south, east, north) = self.grids[grid_index]
        source = Case.Source.WEB if reporter_id else _weighted(rng, SOURCES)
        if reporter_id is None and (
            source in (Case.Source.WEB, Case.Source.OPEN311)
            or (source == Case.Source.HOTLINE and rng.random() < 0.5)
        ):
            reporter_id = rng.choices(self.residents, weights=self.resident_weights)[0]
        urgency = _weighted(rng, URGENCIES)
        if urgency == Case.Urgency.ROUTINE and category.code in {"gas-hazard", "fire-hazard"}:
            urgency = rng.choice([Case.Urgency.ROUTINE, Case.Urgency.EXPRESS])
        if force:
            urgency = Case.Urgency.ROUTINE
        _weight, problems, fixes = CASE_TEXTS[category.code]
        problem_zh, problem_en = rng.choice(problems)
        place_zh, place_en = rng.choice(PLACES.get(community, [("村口", "the village entrance")]))
        detail_zh, detail_en = rng.choice(DETAILS)
        address = place_zh
        if place_zh.endswith(("路", "街", "大道")):
            address = f"{place_zh}{rng.randint(1, 188)}号"
        # A private category's cases stay off the public site unless the centre published them.
        hidden = rng.random() < (0.85 if category.code in PRIVATE_CATEGORIES else 0.002)
        case = Case(
            reporter_id=reporter_id,
            show_reporter_name=bool(reporter_id) and rng.random() < 0.25,
            source=source,
            category=category,
            urgency=urgency,
            title=f"{place_zh}{problem_zh} · {problem_en}, {place_en}"[:120],
            description=(
                f"{place_zh}附近{problem_zh}。{detail_zh}\n\n"
                f"{problem_en} near {place_en}. {detail_en}"
            ),
            latitude=round(south + (north - south) * rng.uniform(0.05, 0.95), 6),
            longitude=round(west + (east - west) * rng.uniform(0.05, 0.95), 6),
            address=address,
            grid_id=grid_pk,
            status=Status.SUBMITTED,
            submitted_at=submitted_at,
            is_hidden=hidden,
        )
        story = _Story(case)
        self._live(story, category, fixes, force)
        if not hidden:
            self._supporters(story)
        return story

    def _live(self, story, category, fixes, force):
        """Walk the case through the workflow, with realistic delays, until it reaches now."""
        rng, case, now = self.rng, story.case, self.now
        age_days = (now - case.submitted_at).total_seconds() / 86400
        # The residents' own stories go exactly as written; the others as chance has it.
        stop = force.get("stop") if force else self._stall(age_days)
        status = ""
        department = category.default_department
        worker = self.staff.get(department.code)

        def record(at, action, to, actor=None, public="", note="", details=None):
            nonlocal status
            story.events.append((at, action, status, to, actor, public, note, details or {}))
            status = to

        # Urgent cases are passed on and picked up faster.
        pace = {Case.Urgency.EMERGENCY: 0.1, Case.Urgency.EXPRESS: 0.3}.get(case.urgency, 1)
        if force.get("fast"):
            pace = 0.25

        def hours(low, high):
            return timedelta(hours=rng.uniform(low, high) * pace)

        at = case.submitted_at
        try:
            submitter = case.reporter_id
            if case.source == Case.Source.HOTLINE and submitter is None:
                submitter = self.dispatcher
            record(at, Action.SUBMIT, Status.SUBMITTED, submitter)
            if stop == Status.SUBMITTED:
                raise _Done
            at = self._office(at + hours(0.2, 5), case)
            if at > now:
                raise _Done
            if rng.random() < 0.045 and not force:
                message_zh, message_en, reason = rng.choice(REJECTIONS)
                message = f"{message_zh}\n{message_en}"
                record(at, Action.REJECT, Status.REJECTED, self.dispatcher, message, reason)
                case.closed_at = at
                raise _Done
            case.department_id = department.pk
            case.dispatched_at = at
            case.due_at = services.due_time(case, start=at)
            case.description_public = True  # read and published by the centre on dispatch
            message = f"已转交{department.name}办理。\nSent to the {department.name_en}."
            record(at, Action.DISPATCH, Status.DISPATCHED, self.dispatcher, message)
            if stop == Status.DISPATCHED:
                raise _Done
            round_number = 1
            while True:
                at = self._office(at + hours(0.2, 16), case)
                if at > now:
                    raise _Done
                message = ""
                if rng.random() < 0.4:
                    message = "\n".join(rng.choice(ACCEPT_MESSAGES))
                record(at, Action.ACCEPT, Status.IN_PROGRESS, worker, message)
                case.accepted_at = case.accepted_at or at
                if stop == Status.IN_PROGRESS and round_number == 1:
                    raise _Done
                if round_number == 1 and category.code in JOINT and not force:
                    at = self._joint(at, story, category, record, hours)
                sla = case.due_at - case.dispatched_at
                left = case.due_at - at
                if round_number > 1:
                    at += hours(3, 72)
                elif rng.random() < 0.08 and not force:  # late
                    at = max(case.due_at + sla * rng.uniform(0.05, 1.2), at + timedelta(hours=1))
                elif left > timedelta(minutes=30):
                    at += left * (force.get("factor") or rng.uniform(0.1, 0.9))
                else:  # accepted too close to the deadline to make it
                    at += timedelta(minutes=rng.randint(20, 120))
                if at > now:
                    raise _Done
                fix = rng.choice(fixes)
                if round_number > 1:
                    fix = (
                        "复查后再次整改：" + fix[0],
                        "Put right again after the re-check: " + fix[1],
                    )
                summary = "\n".join(fix)
                case.rectification_summary = summary
                if category.code in CENTRE_CHECKED:
                    at = self._examine(at, case, summary, worker, record, hours, stop, force)
                else:
                    record(at, Action.RESOLVE, Status.RESOLVED, worker, summary)
                case.resolved_at = at
                if stop == Status.RESOLVED:
                    raise _Done
                evaluates = rng.random() < 0.68 or force.get("evaluate")
                if not (case.reporter_id and evaluates):
                    # The hourly auto-close task, after AUTO_CLOSE_DAYS without an evaluation.
                    wait = timedelta(days=workflow.AUTO_CLOSE_DAYS, minutes=rng.randint(1, 59))
                    at = case.resolved_at + wait
                    if at > now:
                        raise _Done
                    record(at, Action.AUTO_CLOSE, Status.CLOSED)
                    case.closed_at = at
                    raise _Done
                at += hours(0.5, 6 * 24)
                if at > now:
                    raise _Done
                rating = force.get("rating") or self._rating(case.reopen_count)
                comment = rng.choice(COMMENTS[rating])
                story.evaluations.append((round_number, rating, comment, at))
                if rating != Evaluation.Rating.UNSATISFIED:
                    record(at, Action.EVALUATE, Status.CLOSED, case.reporter_id, note=comment)
                    case.closed_at = at
                    raise _Done
                record(at, Action.EVALUATE, Status.REOPENED, case.reporter_id, note=comment)
                case.reopen_count += 1
                case.resolved_at = None
                round_number += 1
                if age_days < 90 and rng.random() < 0.35 and not force:
                    raise _Done  # the department has not picked it up again yet
        except _Done:
            pass
        case.status = status
        case.updated_at = story.events[-1][0]

    def _joint(self, at, story, category, record, hours):
        """Now and then the centre asks another department to help (an illegal extension is
        measured by the planning office before law enforcement has it taken down); its part
        is done some hours later, or still to do if that is after now."""
        rng = self.rng
        code, task, note = JOINT[category.code]
        if rng.random() >= 0.35:
            return at
        department = self.departments[code]
        names = department.names
        asked = at + hours(0.5, 4)
        record(
            asked,
            Action.ASSIST_ADD,
            Status.IN_PROGRESS,
            self.dispatcher,
            "",
            task,
            {"department": names},
        )
        done = asked + hours(4, 48)
        if done > self.now:
            story.assists.append((department.pk, task, CaseAssist.Status.OPEN, "", asked, None))
            raise _Done
        record(done, Action.ASSIST_DONE, Status.IN_PROGRESS, None, "", note, {"department": names})
        story.assists.append((department.pk, task, CaseAssist.Status.DONE, note, asked, done))
        return done

    def _examine(self, at, case, summary, worker, record, hours, stop, force):
        """The department resolves; the centre checks the repair (now and then sending it back
        once) and approves it. The time of the approval, when the case is resolved."""
        rng, now = self.rng, self.now
        record(at, Action.RESOLVE, Status.AWAITING_CHECK, worker, summary)
        if stop == Status.AWAITING_CHECK:
            raise _Done
        at = self._office(at + hours(0.5, 10), case)
        if at > now:
            raise _Done
        if rng.random() < 0.12 and not force:
            record(
                at,
                Action.SEND_BACK,
                Status.IN_PROGRESS,
                self.dispatcher,
                "",
                rng.choice(SEND_BACKS),
            )
            at += hours(4, 48)
            if at > now:
                raise _Done
            record(at, Action.RESOLVE, Status.AWAITING_CHECK, worker, summary)
            at = self._office(at + hours(0.5, 10), case)
            if at > now:
                raise _Done
        record(at, Action.APPROVE, Status.RESOLVED, self.dispatcher)
        return at

    def _stall(self, age_days):
        """Where a case gets stuck, if it does: recent ones more often, old ones hardly ever."""
        roll = self.rng.random()
        if age_days < 7 and roll < 0.08:
            return Status.SUBMITTED
        if age_days < 30 and roll < 0.14:
            return Status.DISPATCHED
        in_progress = 0.10 if age_days < 45 else 0.02 if age_days < 150 else 0.002
        if self.rng.random() < in_progress:
            return Status.IN_PROGRESS
        return None

    def _rating(self, reopen_count):
        roll = self.rng.random()
        unsatisfied = 0.08 if reopen_count == 0 else 0.04
        if reopen_count < workflow.MAX_REOPENS and roll < unsatisfied:
            return Evaluation.Rating.UNSATISFIED
        return Evaluation.Rating.SATISFIED if roll < 0.78 else Evaluation.Rating.BASICALLY_SATISFIED

    def _office(self, at, case):
        """Routine cases wait for office hours, 8:00–20:00; urgent ones do not."""
        if case.urgency != Case.Urgency.ROUTINE:
            return at
        local = at.astimezone(self.tz)
        if local.hour >= 20:
            local = (local + timedelta(days=1)).replace(hour=8)
        elif local.hour < 8:
            local = local.replace(hour=8)
        else:
            return at
        return local + timedelta(minutes=self.rng.randint(0, 120))

    def _supporters(self, story):
        """“Affects me too” from other demo residents, while the case was open."""
        rng, case = self.rng, story.case
        roll = rng.random()
        wanted = 0 if roll < 0.7 else rng.randint(1, 3) if roll < 0.92 else rng.randint(4, 12)
        if roll > 0.99:
            wanted = rng.randint(13, 25)
        people = [pk for pk in self.residents if pk != case.reporter_id]
        wanted = min(wanted, len(people))
        if not wanted:
            return
        open_until = min(case.resolved_at or case.closed_at or self.now, self.now)
        span = max((open_until - case.submitted_at).total_seconds(), 60)
        for user_id in rng.sample(people, wanted):
            at = case.submitted_at + timedelta(seconds=rng.uniform(30, span))
            story.supporters.append((user_id, min(at, open_until)))
        case.supporters_count = wanted


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]
